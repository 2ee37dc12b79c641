using System.Text;
using AngleSharp.Dom;

namespace WebFetch.Fetching;

/// <summary>
/// The text of a link, as a crawl's record shows it: whitespace collapsed, at most
/// <see cref="Defaults.MaxLinkTextChars"/> characters (a longer one cut, ending with "…"),
/// null when empty. An a's text is its text content, or when it has none the alt of its first
/// image; read without making its whole text content (a hostile link may hold a page of text).
/// </summary>
internal sealed class LinkText
{
    private readonly StringBuilder _text = new();
    private readonly Stack<(INodeList Nodes, int Next)> _pending = new();
    private bool _space;

    /// <summary>The text of <paramref name="link"/>'s descendants, or the alt of its first img.</summary>
    public string? Of(IElement link)
    {
        Start();
        string? alt = null;
        INodeList nodes = link.ChildNodes;
        int next = 0;
        _pending.Clear();
        while (_text.Length <= Defaults.MaxLinkTextChars)
        {
            if (next < nodes.Length)
            {
                INode node = nodes[next++];
                if (node is IText text)
                {
                    Append(text.Data);
                }
                else if (node is IElement element)
                {
                    if (alt is null && element.LocalName == "img")
                    {
                        alt = element.GetAttribute("alt");
                    }
                    if (element.ChildNodes.Length > 0)
                    {
                        _pending.Push((nodes, next));
                        (nodes, next) = (element.ChildNodes, 0);
                    }
                }
            }
            else if (_pending.Count > 0)
            {
                (nodes, next) = _pending.Pop();
            }
            else
            {
                break;
            }
        }
        return Finish() ?? Collapse(alt);
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
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                _space = _text.Length > 0;
            }
            else
            {
                if (_space)
                {
                    _text.Append(' ');
                    _space = false;
                }
                _text.Append(c);
            }
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
