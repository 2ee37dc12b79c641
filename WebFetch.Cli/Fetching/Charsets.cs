using System.Text;
using AngleSharp.Text;

namespace WebFetch.Fetching;

/// <summary>
/// Charset labels to encodings. UTF-8, the charset of nearly every page, is answered here; any
/// other label goes to AngleSharp's table (<see cref="TextEncoding"/>). That table's static
/// constructor builds every encoding it knows, the multi-byte tables of GB18030, Big5,
/// Shift_JIS and EUC-KR included: 3.4 to 3.9 ms on a worker's first page (perf, NativeAOT),
/// paid again in every worker, on the first round of every run.
/// </summary>
internal static class Charsets
{
    /// <summary>UTF-8 without a byte order mark; invalid bytes decode to U+FFFD.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static readonly Encoding Utf16BigEndian = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);

    public static readonly Encoding Utf16LittleEndian = new UnicodeEncoding(bigEndian: false, byteOrderMark: false);

    /// <summary>Whether the label names an encoding webfetch can decode (case-insensitive).</summary>
    public static bool IsSupported(string label) => IsUtf8(label) || TextEncoding.IsSupported(label);

    /// <summary>The encoding a supported label names; UTF-8 for an unknown one, as AngleSharp does.</summary>
    public static Encoding Resolve(string label) => IsUtf8(label) ? Utf8 : TextEncoding.Resolve(label);

    /// <summary>The labels AngleSharp's table maps to UTF-8.</summary>
    private static bool IsUtf8(string label) =>
        label.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
        || label.Equals("utf8", StringComparison.OrdinalIgnoreCase)
        || label.Equals("unicode-1-1-utf-8", StringComparison.OrdinalIgnoreCase);
}
