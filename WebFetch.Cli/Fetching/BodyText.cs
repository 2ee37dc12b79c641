namespace WebFetch.Fetching;

/// <summary>
/// A body decoded to text for the match rules (<see cref="MatchRules.BodyProblem"/>): a page
/// in the encoding its parse would use before any later meta (byte order mark, Content-Type
/// charset, meta prescan, detection), any other body by its byte order mark or Content-Type
/// charset, else as UTF-8.
/// </summary>
internal static class BodyText
{
    public static string Decode(ReadOnlySpan<byte> body, string? contentType, bool html)
    {
        (WebEncoding? encoding, int byteOrderMark) = HtmlExtractor.EncodingOf(body, contentType);
        encoding ??= html
            ? MetaPrescan.FindEncoding(body) ?? EncodingDetector.Detect(body).Encoding
            : Charsets.Utf8;
        return encoding.GetString(body[byteOrderMark..]);
    }
}
