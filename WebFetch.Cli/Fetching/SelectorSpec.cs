using AngleSharp.Css.Parser;

namespace WebFetch.Fetching;

/// <summary>
/// One <c>--select NAME=CSS</c> or <c>NAME=CSS@attr</c>: the record's <c>select.NAME</c>
/// lists the whitespace-collapsed text (or the attribute) of every element the CSS matches.
/// </summary>
internal sealed record SelectorSpec(string Name, string Css, string? Attribute)
{
    /// <summary>Most selections per run (keeps a result line far below the protocol's limit).</summary>
    public const int MaxSelectors = 16;

    /// <summary>Most values kept per selection, in document order.</summary>
    public const int MaxMatches = 50;

    /// <summary>Longest value kept, in characters; longer ones are cut and end with "…".</summary>
    public const int MaxValueChars = 1024;

    /// <summary>Parses and checks the CSS with AngleSharp, so a bad selector is a usage error, not a per-URL failure.</summary>
    public static bool TryParse(string text, out SelectorSpec? spec, out string problem)
    {
        spec = null;
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            problem = $"selection '{text}' must look like NAME=CSS or NAME=CSS@attribute";
            return false;
        }
        string name = text[..equals].Trim();
        string css = text[(equals + 1)..].Trim();
        string? attribute = null;
        int at = css.LastIndexOf('@');
        if (at > 0 && IsAttributeName(css.AsSpan(at + 1)))
        {
            attribute = css[(at + 1)..];
            css = css[..at].Trim();
        }
        if (name.Length == 0 || name.Any(char.IsControl))
        {
            problem = $"selection '{text}' has an empty name";
            return false;
        }
        if (css.Length == 0 || new CssSelectorParser().ParseSelector(css) is null)
        {
            problem = $"'{css}' (in --select {name}=...) is not a valid CSS selector";
            return false;
        }
        spec = new SelectorSpec(name, css, attribute);
        problem = "";
        return true;
    }

    private static bool IsAttributeName(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !(char.IsAsciiLetter(text[0]) || text[0] is '_' or ':'))
        {
            return false;
        }
        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':' or '.'))
            {
                return false;
            }
        }
        return true;
    }
}
