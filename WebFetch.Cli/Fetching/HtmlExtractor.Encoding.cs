using System.Net.Http.Headers;

namespace WebFetch.Fetching;

/// <summary>The encoding a page is decoded with before its parse, in the HTML standard's order.</summary>
internal static partial class HtmlExtractor
{
    /// <summary>
    /// The encoding known before parsing, in the HTML standard's order: a byte order mark
    /// (returned with its length, so the parser skips it), else a charset the Content-Type
    /// names and webfetch decodes; else null, and the meta prescan or the detector decides.
    /// </summary>
    internal static (WebEncoding? Encoding, int ByteOrderMark) EncodingOf(ReadOnlySpan<byte> body, string? contentType)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Charsets.Utf8, 3);
        }
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Charsets.Utf16BigEndian, 2);
        }
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Charsets.Utf16LittleEndian, 2);
        }
        return (HeaderCharset(contentType) is string charset ? Charsets.Resolve(charset) : null, 0);
    }

    /// <summary>
    /// The charset parameter of a Content-Type when webfetch decodes it, unquoted and trimmed
    /// (<c>charset="Shift_JIS"</c> is valid HTTP); null when absent or unknown.
    /// </summary>
    internal static string? HeaderCharset(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? parsed))
        {
            return null;
        }
        NameValueHeaderValue? charsetParameter = parsed.Parameters
            .FirstOrDefault(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase));
        string? charset = charsetParameter?.Value?.Trim().Trim('"').Trim();
        return !string.IsNullOrEmpty(charset) && Charsets.IsSupported(charset) ? charset : null;
    }

    /// <summary>
    /// The tentative encoding when neither a byte order mark nor the Content-Type settles it:
    /// the meta prescan's (<see cref="MetaPrescan"/>), else the detector's guess
    /// (<see cref="EncodingDetector"/>), which also says whether the body is all ASCII.
    /// </summary>
    private static (WebEncoding Encoding, bool Ascii) TentativeEncoding(ReadOnlySpan<byte> body) =>
        MetaPrescan.FindEncoding(body) is { } prescanned ? (prescanned, false) : EncodingDetector.Detect(body);
}
