namespace WebFetch.Fetching;

/// <summary>
/// The URL of a <c>meta http-equiv=refresh</c> content, as the HTML standard's "shared
/// declarative refresh steps" read it: a time (digits and dots), then a comma or semicolon,
/// then optionally <c>url=</c>, then the URL, in quotes or not.
/// </summary>
internal static class MetaRefresh
{
    /// <summary>The URL <paramref name="content"/> names, or null when it names none (a refresh of the page itself) or does not parse.</summary>
    public static string? UrlOf(string content)
    {
        int position = 0;
        SkipWhitespace(content, ref position);
        int timeStart = position;
        while (position < content.Length && char.IsAsciiDigit(content[position]))
        {
            position++;
        }
        bool hasDigits = position > timeStart;
        while (position < content.Length && (char.IsAsciiDigit(content[position]) || content[position] == '.'))
        {
            position++;
        }
        if (!hasDigits && (position == timeStart || content[timeStart] != '.'))
        {
            return null;
        }
        if (position == content.Length)
        {
            return null;
        }
        char separator = content[position];
        if (separator is not (';' or ',') && !Srcset.IsWhitespace(separator))
        {
            return null;
        }
        SkipWhitespace(content, ref position);
        if (position < content.Length && content[position] is ';' or ',')
        {
            position++;
        }
        SkipWhitespace(content, ref position);
        if (position == content.Length)
        {
            return null;
        }
        int urlStart = position;
        if (content.AsSpan(position).StartsWith("url", StringComparison.OrdinalIgnoreCase))
        {
            int afterUrl = position + 3;
            SkipWhitespace(content, ref afterUrl);
            if (afterUrl < content.Length && content[afterUrl] == '=')
            {
                afterUrl++;
                SkipWhitespace(content, ref afterUrl);
                urlStart = afterUrl;
            }
        }
        if (urlStart < content.Length && content[urlStart] is '"' or '\'')
        {
            char quote = content[urlStart];
            int close = content.IndexOf(quote, urlStart + 1);
            return content[(urlStart + 1)..(close < 0 ? content.Length : close)];
        }
        return content[urlStart..].TrimEnd(' ', '\t', '\n', '\f', '\r');
    }

    private static void SkipWhitespace(string text, ref int position)
    {
        while (position < text.Length && Srcset.IsWhitespace(text[position]))
        {
            position++;
        }
    }
}
