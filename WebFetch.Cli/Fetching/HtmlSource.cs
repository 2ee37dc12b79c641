namespace WebFetch.Fetching;

/// <summary>
/// Reads markup in a page's text as the HTML standard's tokenizer does, for what the crawl's
/// parse does not keep (<see cref="LinkText"/>): where a tag, comment or declaration that
/// starts at a <c>&lt;</c> ends, and a tag's name. Everything stops at the end of the span
/// given, so a caller bounds its work by the span.
/// </summary>
internal static class HtmlSource
{
    /// <summary>What a <c>&lt;</c> starts.</summary>
    public enum Markup
    {
        /// <summary>Nothing: the <c>&lt;</c> is text.</summary>
        Text,
        StartTag,
        EndTag,
        /// <summary>A comment, doctype, processing instruction or other bogus comment, or <c>&lt;/&gt;</c>: no text.</summary>
        Other,
    }

    /// <summary>
    /// What the <c>&lt;</c> at <paramref name="position"/> starts, <paramref name="end"/> the index
    /// just after it (the span's length when it does not end in the span), and for a tag its
    /// <paramref name="name"/> as written.
    /// </summary>
    public static Markup ReadMarkup(ReadOnlySpan<char> source, int position, out int end, out ReadOnlySpan<char> name)
    {
        name = default;
        int next = position + 1;
        char c = next < source.Length ? source[next] : '\0';
        if (char.IsAsciiLetter(c))
        {
            name = NameAt(source, next);
            end = SkipTag(source, next);
            return Markup.StartTag;
        }
        switch (c)
        {
            case '/':
                char after = next + 1 < source.Length ? source[next + 1] : '\0';
                if (char.IsAsciiLetter(after))
                {
                    name = NameAt(source, next + 1);
                    end = SkipTag(source, next + 1);
                    return Markup.EndTag;
                }
                end = after == '>' ? next + 2 : AfterNext(source, next + 1, '>');
                return next + 1 < source.Length ? Markup.Other : Markup.Text;
            case '!':
                end = source[next..].StartsWith("!--") ? EndOfComment(source, next + 3) : AfterNext(source, next + 1, '>');
                return Markup.Other;
            case '?':
                end = AfterNext(source, next + 1, '>');
                return Markup.Other;
            default:
                end = next;
                return Markup.Text;
        }
    }

    /// <summary>
    /// The index just after the tag whose name starts at <paramref name="position"/>: its name
    /// and attributes skipped (a quoted value may hold a <c>&gt;</c>), past its <c>&gt;</c>.
    /// </summary>
    public static int SkipTag(ReadOnlySpan<char> source, int position)
    {
        int i = position + NameAt(source, position).Length;
        while (i < source.Length)
        {
            char c = source[i];
            if (c == '>')
            {
                return i + 1;
            }
            if (IsSpace(c) || c == '/')
            {
                i++;
                continue;
            }
            // an attribute name: its first character may be '='
            i++;
            while (i < source.Length && !IsSpace(source[i]) && source[i] is not ('/' or '>' or '='))
            {
                i++;
            }
            while (i < source.Length && IsSpace(source[i]))
            {
                i++;
            }
            if (i < source.Length && source[i] == '=')
            {
                i++;
                while (i < source.Length && IsSpace(source[i]))
                {
                    i++;
                }
                if (i < source.Length && source[i] is '"' or '\'')
                {
                    i = AfterNext(source, i + 1, source[i]);
                }
                else
                {
                    while (i < source.Length && !IsSpace(source[i]) && source[i] != '>')
                    {
                        i++;
                    }
                }
            }
        }
        return source.Length;
    }

    /// <summary>
    /// The index of the <c>&lt;</c> of the first end tag named <paramref name="name"/> (any case)
    /// at or after <paramref name="position"/>, or the span's length: where raw text ends.
    /// </summary>
    public static int IndexOfEndTag(ReadOnlySpan<char> source, int position, ReadOnlySpan<char> name)
    {
        while (position < source.Length)
        {
            int found = source[position..].IndexOf("</", StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }
            int start = position + found;
            int nameEnd = start + 2 + name.Length;
            if (nameEnd <= source.Length
                && source.Slice(start + 2, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
                && (nameEnd == source.Length || IsSpace(source[nameEnd]) || source[nameEnd] is '/' or '>'))
            {
                return start;
            }
            position = start + 2;
        }
        return source.Length;
    }

    /// <summary>Elements whose content is raw text a browser does not show as text: their markup is no markup.</summary>
    public static bool IsHiddenText(ReadOnlySpan<char> name) =>
        name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)
        || name.Equals("xmp", StringComparison.OrdinalIgnoreCase) || name.Equals("iframe", StringComparison.OrdinalIgnoreCase)
        || name.Equals("noembed", StringComparison.OrdinalIgnoreCase) || name.Equals("noframes", StringComparison.OrdinalIgnoreCase);

    /// <summary>Elements whose content is text with character references (RCDATA): their markup is text.</summary>
    public static bool IsEscapableText(ReadOnlySpan<char> name) =>
        name.Equals("title", StringComparison.OrdinalIgnoreCase) || name.Equals("textarea", StringComparison.OrdinalIgnoreCase);

    /// <summary>The tag name that starts at <paramref name="position"/>: up to a space, '/' or '&gt;'.</summary>
    private static ReadOnlySpan<char> NameAt(ReadOnlySpan<char> source, int position)
    {
        int i = position;
        while (i < source.Length && !IsSpace(source[i]) && source[i] is not ('/' or '>'))
        {
            i++;
        }
        return source[position..i];
    }

    /// <summary>
    /// The index after the comment whose text starts at <paramref name="position"/> (after "&lt;!--"):
    /// past "--&gt;", "--!&gt;", or at once for "&lt;!--&gt;" and "&lt;!---&gt;".
    /// </summary>
    private static int EndOfComment(ReadOnlySpan<char> source, int position)
    {
        ReadOnlySpan<char> rest = source[position..];
        if (rest.StartsWith(">"))
        {
            return position + 1;
        }
        if (rest.StartsWith("->"))
        {
            return position + 2;
        }
        int i = position;
        while (i < source.Length)
        {
            int dashes = source[i..].IndexOf("--", StringComparison.Ordinal);
            if (dashes < 0)
            {
                break;
            }
            int after = i + dashes + 2;
            if (after < source.Length && source[after] == '>')
            {
                return after + 1;
            }
            if (after + 1 < source.Length && source[after] == '!' && source[after + 1] == '>')
            {
                return after + 2;
            }
            i = i + dashes + 1;
        }
        return source.Length;
    }

    private static int AfterNext(ReadOnlySpan<char> source, int position, char c)
    {
        if (position >= source.Length)
        {
            return source.Length;
        }
        int found = source[position..].IndexOf(c);
        return found < 0 ? source.Length : position + found + 1;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';
}
