using System.Text.Unicode;
using UtfUnknown;

namespace WebFetch.Fetching;

/// <summary>
/// The encoding of a page that declares none (no byte order mark, no Content-Type charset, no
/// meta in the prescan), as browsers guess it: all ASCII is windows-1252 (the text is the same
/// in any ASCII-based encoding, and that is the name browsers give it); valid UTF-8 is UTF-8;
/// anything else goes to Mozilla's universal charset detector (UTF.Unknown), whose answer
/// counts only if it is an encoding of the Encoding Standard and the page does not read the
/// same in windows-1252, else windows-1252, the standard's default for an undeclared page.
/// </summary>
internal static class EncodingDetector
{
    /// <summary>How much of the page the detector reads: enough text to tell the encodings apart.</summary>
    public const int DetectorWindow = 64 * 1024;

    /// <summary>The guessed encoding, and whether the page is all ASCII (then any ASCII-based encoding reads it the same).</summary>
    public static (WebEncoding Encoding, bool Ascii) Detect(ReadOnlySpan<byte> body)
    {
        int firstNonAscii = body.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        if (firstNonAscii < 0)
        {
            return (Charsets.AsciiAsWindows1252, true);
        }
        // The bytes before the first non-ASCII one are ASCII, so the check starts there.
        if (Utf8.IsValid(body[firstNonAscii..]))
        {
            return (Charsets.Utf8, false);
        }
        ReadOnlySpan<byte> window = body.Length > DetectorWindow ? body[..DetectorWindow] : body;
        WebEncoding windows1252 = Charsets.Named("windows-1252")!;
        WebEncoding? guess = Guess(window);
        return (guess is null || ReadsAlike(window, guess, windows1252) ? windows1252 : guess, false);
    }

    /// <summary>
    /// Whether two single-byte encodings give the same text for these bytes: the detector may
    /// name ISO-8859-2 for a page whose only non-ASCII letter is an "é"; then windows-1252, the
    /// name a browser gives it, is kept.
    /// </summary>
    private static bool ReadsAlike(ReadOnlySpan<byte> bytes, WebEncoding a, WebEncoding b)
    {
        if (a.HighHalf is not string first || b.HighHalf is not string second)
        {
            return false;
        }
        foreach (byte x in bytes)
        {
            if (x >= 0x80 && first[x - 0x80] != second[x - 0x80])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The detector's best answer that the standard knows and webfetch decodes, or null.</summary>
    private static WebEncoding? Guess(ReadOnlySpan<byte> bytes)
    {
        DetectionResult result = CharsetDetector.DetectFromBytes(bytes);
        foreach (DetectionDetail detail in result.Details)
        {
            if (detail.EncodingName is string name && FromDetectorName(name) is { } encoding)
            {
                return encoding;
            }
        }
        return null;
    }

    /// <summary>
    /// The detector's names as the standard's encodings. Most are labels of the standard
    /// (iso-8859-1 is windows-1252, tis-620 is windows-874); cp949 is EUC-KR. UTF-16 and
    /// UTF-32 are never guessed for a page without a byte order mark, as browsers do not, and
    /// the ISO-2022 encodings other than Japanese are the standard's "replacement" (unreadable).
    /// </summary>
    internal static WebEncoding? FromDetectorName(string name) => name.ToLowerInvariant() switch
    {
        "cp949" => Charsets.Named("EUC-KR"),
        "ascii" => Charsets.Named("windows-1252"),
        var label when label.StartsWith("utf-16", StringComparison.Ordinal) || label.StartsWith("utf-32", StringComparison.Ordinal) => null,
        var label => Charsets.Resolve(label) is { Name: not "replacement" and not "x-user-defined" } encoding ? encoding : null,
    };
}
