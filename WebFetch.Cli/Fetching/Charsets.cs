using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace WebFetch.Fetching;

/// <summary>
/// Charset labels to encodings, as the Encoding Standard names them (<see cref="EncodingLabels"/>),
/// decoded with .NET's code pages (registered by <see cref="CodePages"/>). UTF-8, the charset of
/// nearly every page, is answered without building anything; a legacy encoding is built the
/// first time a page needs it, once per process.
/// </summary>
/// <remarks>
/// Where .NET's table and the standard's differ on a byte the standard calls an error, the
/// character .NET gives is replaced by U+FFFD (<see cref="WebEncoding"/>): EUC-JP's 0x80 and
/// the private-use characters .NET gives undefined bytes of single-byte encodings, of EUC-JP
/// and EUC-KR; 0x80 in EUC-KR and Big5; 0xA0 and 0xFD to 0xFF in Shift_JIS.
/// </remarks>
internal static class Charsets
{
    /// <summary>UTF-8 without a byte order mark; invalid bytes decode to U+FFFD.</summary>
    public static readonly WebEncoding Utf8 = new("UTF-8", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    public static readonly WebEncoding Utf16BigEndian = new("UTF-16BE", new UnicodeEncoding(bigEndian: true, byteOrderMark: false));

    public static readonly WebEncoding Utf16LittleEndian = new("UTF-16LE", new UnicodeEncoding(bigEndian: false, byteOrderMark: false));

    /// <summary>
    /// windows-1252 for a page that is all ASCII: the text is the same in every ASCII-based
    /// encoding, so it is decoded by the (vectorised) UTF-8 decoder, and named as a browser
    /// names an undeclared ASCII page.
    /// </summary>
    public static readonly WebEncoding AsciiAsWindows1252 = new("windows-1252", Utf8.Encoding);

    private static readonly SearchValues<char> PrivateUse = SearchValues.Create(PrivateUseArea());

    private static readonly SearchValues<char> PrivateUseAnd0080 = SearchValues.Create(['\u0080', .. PrivateUseArea()]);

    private static readonly ConcurrentDictionary<string, WebEncoding?> Built = new(StringComparer.Ordinal);

    /// <summary>Whether the label names an encoding webfetch can decode (case-insensitive).</summary>
    public static bool IsSupported(string label) => Resolve(label) is not null;

    /// <summary>The encoding a label names, or null for a label the standard does not know or webfetch cannot decode.</summary>
    public static WebEncoding? Resolve(string label)
    {
        if (label.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return Utf8;
        }
        return EncodingLabels.NameOf(label) is string name ? Named(name) : null;
    }

    /// <summary>
    /// The encoding a <c>&lt;meta&gt;</c> declaring <paramref name="label"/> switches to, as the
    /// HTML standard says: UTF-16 labels mean UTF-8 (the bytes so far were read as ASCII), and
    /// x-user-defined means windows-1252. Null when the label names nothing webfetch decodes.
    /// </summary>
    public static WebEncoding? ForMeta(string label) => Resolve(label) switch
    {
        null => null,
        { Name: "UTF-16BE" or "UTF-16LE" } => Utf8,
        { Name: "x-user-defined" } => Named("windows-1252"),
        var encoding => encoding,
    };

    /// <summary>The encoding of a name in the standard's table; null when .NET has no decoder for it.</summary>
    public static WebEncoding? Named(string name) => name switch
    {
        "UTF-8" => Utf8,
        "UTF-16BE" => Utf16BigEndian,
        "UTF-16LE" => Utf16LittleEndian,
        _ => Built.GetOrAdd(name, Build),
    };

    private static WebEncoding? Build(string name)
    {
        CodePages.Register();
        (int codePage, SearchValues<char>? errors) = name switch
        {
            "IBM866" => (866, PrivateUse),
            "ISO-8859-2" => (28592, PrivateUse),
            "ISO-8859-3" => (28593, PrivateUse),
            "ISO-8859-4" => (28594, PrivateUse),
            "ISO-8859-5" => (28595, PrivateUse),
            "ISO-8859-6" => (28596, PrivateUse),
            "ISO-8859-7" => (28597, PrivateUse),
            "ISO-8859-8" => (28598, PrivateUse),
            "ISO-8859-8-I" => (38598, PrivateUse),
            "ISO-8859-10" => (28600, PrivateUse),
            "ISO-8859-13" => (28603, PrivateUse),
            "ISO-8859-14" => (28604, PrivateUse),
            "ISO-8859-15" => (28605, PrivateUse),
            "ISO-8859-16" => (28606, PrivateUse),
            "KOI8-R" => (20866, PrivateUse),
            "KOI8-U" => (21866, PrivateUse),
            "macintosh" => (10000, PrivateUse),
            "windows-874" => (874, PrivateUse),
            "windows-1250" => (1250, PrivateUse),
            "windows-1251" => (1251, PrivateUse),
            "windows-1252" => (1252, null), // .NET's table is the standard's
            "windows-1253" => (1253, PrivateUse),
            "windows-1254" => (1254, PrivateUse),
            "windows-1255" => (1255, PrivateUse),
            "windows-1256" => (1256, PrivateUse),
            "windows-1257" => (1257, PrivateUse),
            "windows-1258" => (1258, PrivateUse),
            "x-mac-cyrillic" => (10007, PrivateUse),
            // The standard's GBK decoder is its gb18030 decoder.
            "GBK" or "gb18030" => (54936, null),
            "Big5" => (950, SearchValues.Create("\u0080")),
            "EUC-JP" => (51932, PrivateUseAnd0080),
            "ISO-2022-JP" => (50220, null),
            // Shift_JIS's user-defined area is private use in the standard too; only the single bytes are errors.
            "Shift_JIS" => (932, SearchValues.Create("\uF8F0\uF8F1\uF8F2\uF8F3")),
            // The standard's EUC-KR is Windows' code page 949 (Unified Hangul Code), not the narrower 51949.
            "EUC-KR" => (949, PrivateUseAnd0080),
            // x-user-defined is not a code page; as AngleSharp did, its pages are read as windows-1252.
            "x-user-defined" => (1252, PrivateUse),
            _ => (0, null), // "replacement": a label that exists to stop decoding; not supported
        };
        if (codePage == 0)
        {
            return null;
        }
        try
        {
            var encoding = (Encoding)Encoding.GetEncoding(codePage).Clone();
            encoding.DecoderFallback = new DecoderReplacementFallback("\uFFFD");
            return new WebEncoding(name, encoding, errors);
        }
        catch (NotSupportedException)
        {
            return null; // a code page this runtime lacks (ISO-8859-10, -14, -16)
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static char[] PrivateUseArea()
    {
        var chars = new char[0xF8FF - 0xE000 + 1];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)(0xE000 + i);
        }
        return chars;
    }
}
