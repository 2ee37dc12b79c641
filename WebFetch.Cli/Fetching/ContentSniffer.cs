namespace WebFetch.Fetching;

/// <summary>Decides whether a body is HTML worth parsing: by its media type, or by its first bytes when it has none.</summary>
internal static class ContentSniffer
{
    public static bool IsHtml(string? mediaType, ReadOnlySpan<byte> body)
    {
        if (mediaType is not null)
        {
            return IsHtmlMediaType(mediaType);
        }
        ReadOnlySpan<byte> start = body[..Math.Min(body.Length, 512)];
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            start = start[3..];
        }
        start = start.TrimStart(" \t\r\n\f"u8);
        return StartsWithIgnoreCase(start, "<!doctype html"u8) || StartsWithIgnoreCase(start, "<html"u8)
            || StartsWithIgnoreCase(start, "<head"u8) || StartsWithIgnoreCase(start, "<title"u8);
    }

    /// <summary>A declared media type decides alone: HTML is text/html or application/xhtml+xml.</summary>
    public static bool IsHtmlMediaType(string mediaType) =>
        mediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase);

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix) =>
        text.Length >= prefix.Length && System.Text.Ascii.EqualsIgnoreCase(text[..prefix.Length], prefix);
}
