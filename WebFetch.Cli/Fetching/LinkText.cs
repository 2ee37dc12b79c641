using System.Text;
using AngleSharp.Dom;

namespace WebFetch.Fetching;

/// <summary>
/// The text of a link, as a crawl's record shows it: whitespace collapsed, at most
/// <see cref="Defaults.MaxLinkTextChars"/> characters (a longer one cut, ending with "…"),
/// null when empty. An a's text is its text content, or when it has none the alt of its first
/// image that has one.
/// </summary>
/// <remarks>
/// The crawl's parse keeps no text nodes (making them is much of a parse's work), so an a's
/// text is read from the page's text (<see cref="Of"/>): from the end of its start tag to its
/// end tag, tags and comments skipped, character references decoded (<see cref="CharacterReference"/>),
/// script and style contents left out as a browser shows none of them. The link ends at its
/// <c>&lt;/a&gt;</c>, or where another a starts (which closes it in the tree too); an a left open
/// reads on, as a browser shows what follows it as part of the link, up to the cut. A
/// hostile link costs at most <see cref="MaxSourceChars"/> characters read.
/// </remarks>
internal sealed class LinkText
{
    /// <summary>
    /// Most characters of the page read for one link's text: room for markup inside a link
    /// (an inline SVG icon, attributes) before its words, and a bound per link however the
    /// page is written.
    /// </summary>
    public const int MaxSourceChars = 16 * 1024;

    /// <summary>Most elements looked through for an a's first image with an alt, when the a has no text.</summary>
    public const int MaxImageSearchElements = 256;

    private readonly StringBuilder _text = new();
    private readonly Stack<(IHtmlCollection<IElement> Elements, int Next)> _pending = new();
    private bool _space;

    /// <summary>
    /// The text of the a element <paramref name="link"/>, read from <paramref name="page"/>
    /// (the text the element was parsed from) after its start tag at <paramref name="offset"/>;
    /// when it has none, the alt of its first img that has one; null when neither.
    /// </summary>
    public string? Of(IElement link, ReadOnlySpan<char> page, int offset)
    {
        Start();
        bool sawImage = false;
        if (offset >= 0 && offset < page.Length)
        {
            ReadOnlySpan<char> source = page[offset..Math.Min(page.Length, offset + MaxSourceChars)];
            sawImage = Read(source);
        }
        return Finish() ?? (sawImage ? Collapse(FirstAlt(link)) : null);
    }

    /// <summary><paramref name="text"/> collapsed and cut; null when null or empty.</summary>
    public string? Collapse(string? text)
    {
        if (text is null)
        {
            return null;
        }
        Start();
        Append(text);
        return Finish();
    }

    /// <summary>Reads the text after the start tag at the beginning of <paramref name="source"/>; true when an img tag was among it.</summary>
    private bool Read(ReadOnlySpan<char> source)
    {
        bool sawImage = false;
        int position = HtmlSource.SkipTag(source, 1); // the a's own start tag
        while (position < source.Length && _text.Length <= Defaults.MaxLinkTextChars)
        {
            char c = source[position];
            if (c == '<')
            {
                HtmlSource.Markup markup = HtmlSource.ReadMarkup(source, position, out int end, out ReadOnlySpan<char> name);
                if (markup == HtmlSource.Markup.Text && position + 1 == source.Length)
                {
                    break; // what follows was not read: text or a tag
                }
                if (markup == HtmlSource.Markup.Text)
                {
                    AppendChar('<');
                    position++;
                    continue;
                }
                if (markup is HtmlSource.Markup.StartTag or HtmlSource.Markup.EndTag && name.Equals("a", StringComparison.OrdinalIgnoreCase))
                {
                    break; // its end tag, or another link that closes it
                }
                if (markup == HtmlSource.Markup.StartTag)
                {
                    sawImage |= name.Equals("img", StringComparison.OrdinalIgnoreCase);
                    if (HtmlSource.IsHiddenText(name))
                    {
                        end = HtmlSource.IndexOfEndTag(source, end, name);
                    }
                    else if (HtmlSource.IsEscapableText(name))
                    {
                        end = ReadEscapableText(source, end, name);
                    }
                }
                position = end;
            }
            else if (c == '&')
            {
                position = AppendReference(source, position);
            }
            else
            {
                AppendChar(c);
                position++;
            }
        }
        return sawImage;
    }

    /// <summary>The text of a title or textarea: its markup is text, up to its end tag (which the caller reads next).</summary>
    private int ReadEscapableText(ReadOnlySpan<char> source, int position, ReadOnlySpan<char> name)
    {
        int close = HtmlSource.IndexOfEndTag(source, position, name);
        ReadOnlySpan<char> text = source[..close];
        while (position < close && _text.Length <= Defaults.MaxLinkTextChars)
        {
            if (text[position] == '&')
            {
                position = AppendReference(text, position);
            }
            else
            {
                AppendChar(text[position++]);
            }
        }
        return close;
    }

    private int AppendReference(ReadOnlySpan<char> source, int position)
    {
        int end = CharacterReference.Decode(source, position, out int first, out int second);
        if (first < 0)
        {
            AppendChar('&');
            return position + 1;
        }
        AppendCodePoint(first);
        if (second >= 0)
        {
            AppendCodePoint(second);
        }
        return end;
    }

    private void AppendCodePoint(int codePoint)
    {
        if (codePoint < 0x10000)
        {
            AppendChar((char)codePoint);
        }
        else
        {
            string pair = char.ConvertFromUtf32(codePoint);
            AppendChar(pair[0]);
            AppendChar(pair[1]);
        }
    }

    /// <summary>The alt of the first img under <paramref name="link"/> that has one, looking through a bounded number of elements.</summary>
    private string? FirstAlt(IElement link)
    {
        _pending.Clear();
        IHtmlCollection<IElement> elements = link.Children;
        int next = 0;
        int seen = 0;
        while (seen < MaxImageSearchElements)
        {
            if (next < elements.Length)
            {
                IElement element = elements[next++];
                seen++;
                if (element.LocalName == "img" && element.GetAttribute("alt") is string alt)
                {
                    return alt;
                }
                if (element.ChildElementCount > 0)
                {
                    _pending.Push((elements, next));
                    (elements, next) = (element.Children, 0);
                }
            }
            else if (_pending.Count > 0)
            {
                (elements, next) = _pending.Pop();
            }
            else
            {
                break;
            }
        }
        return null;
    }

    private void Start()
    {
        _text.Clear();
        _space = false;
    }

    private void Append(string text)
    {
        foreach (char c in text)
        {
            if (_text.Length > Defaults.MaxLinkTextChars)
            {
                return;
            }
            AppendChar(c);
        }
    }

    private void AppendChar(char c)
    {
        if (c is ' ' or '\t' or '\n' or '\r' or '\f')
        {
            _space = _text.Length > 0;
        }
        else if (c != '\0') // the tree builder drops a NUL in text
        {
            if (_space)
            {
                _text.Append(' ');
                _space = false;
            }
            _text.Append(c);
        }
    }

    private string? Finish()
    {
        if (_text.Length == 0)
        {
            return null;
        }
        if (_text.Length <= Defaults.MaxLinkTextChars)
        {
            return _text.ToString();
        }
        int cut = Defaults.MaxLinkTextChars - 1;
        if (char.IsHighSurrogate(_text[cut - 1]))
        {
            cut--;
        }
        return string.Concat(_text.ToString(0, cut), "…");
    }
}
