using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace WebFetch.Fetching;

/// <summary>
/// Charset labels to encodings, as the Encoding Standard names them (<see cref="EncodingLabels"/>).
/// Single-byte encodings are decoded with the standard's own indexes, the multi-byte ones with
/// .NET's code pages (registered by <see cref="CodePages"/>). UTF-8, the charset of
/// nearly every page, is answered without building anything; a legacy encoding is built the
/// first time a page needs it, once per process.
/// </summary>
/// <remarks>
/// Where .NET's multi-byte decoders and the standard differ on bytes it calls errors, webfetch
/// follows the standard: an unmappable sequence is one U+FFFD and an ASCII byte after its lead
/// is read again (<see cref="StandardDecoderFallback"/>), gb18030's lone 0x80 is U+20AC, and
/// the characters .NET's tables give error bytes become U+FFFD (<see cref="WebEncoding"/>):
/// 0x80 and the private-use characters in EUC-JP, EUC-KR and Big5; 0xA0 and 0xFD to 0xFF in
/// Shift_JIS; every byte from 0x80 up in ISO-2022-JP.
/// </remarks>
internal static class Charsets
{
    private static readonly UTF8Encoding Utf8Decoder = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>UTF-8; invalid bytes decode to U+FFFD.</summary>
    public static readonly WebEncoding Utf8 = new("UTF-8", Utf8Decoder);

    public static readonly WebEncoding Utf16BigEndian = new("UTF-16BE", new UnicodeEncoding(bigEndian: true, byteOrderMark: false));

    public static readonly WebEncoding Utf16LittleEndian = new("UTF-16LE", new UnicodeEncoding(bigEndian: false, byteOrderMark: false));

    /// <summary>
    /// windows-1252 for a page that is all ASCII: the text is the same in every ASCII-based
    /// encoding, so it is decoded by the (vectorised) UTF-8 decoder, and named as a browser
    /// names an undeclared ASCII page.
    /// </summary>
    public static readonly WebEncoding AsciiAsWindows1252 = new("windows-1252", Utf8Decoder);

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
        if (SingleByteIndexes.HighHalfOf(name) is string highHalf)
        {
            return new WebEncoding(name, highHalf);
        }
        CodePages.Register();
        (int codePage, SearchValues<char>? errors) = name switch
        {
            // The standard's GBK decoder is its gb18030 decoder.
            "GBK" or "gb18030" => (54936, null),
            // .NET gives the user-defined areas private-use characters; the standard has none in Big5, EUC-JP, EUC-KR.
            "Big5" => (950, PrivateUseAnd0080),
            "EUC-JP" => (51932, PrivateUseAnd0080),
            "ISO-2022-JP" => (50220, null),
            // Shift_JIS's user-defined area is private use in the standard too; only the single bytes are errors.
            "Shift_JIS" => (932, SearchValues.Create("\uF8F0\uF8F1\uF8F2\uF8F3")),
            // The standard's EUC-KR is Windows' code page 949 (Unified Hangul Code), not the narrower 51949.
            "EUC-KR" => (949, PrivateUseAnd0080),
            _ => (0, null),
        };
        if (codePage == 0)
        {
            // x-user-defined is not a code page; as before, its pages are read as windows-1252.
            // "replacement" is a label that exists to stop decoding: not supported.
            return name == "x-user-defined" ? new WebEncoding(name, SingleByteIndexes.HighHalfOf("windows-1252")!) : null;
        }
        try
        {
            var encoding = (Encoding)Encoding.GetEncoding(codePage).Clone();
            encoding.DecoderFallback = new StandardDecoderFallback(euroFor80: codePage == 54936);
            return new WebEncoding(name, encoding, errors, sevenBit: name == "ISO-2022-JP");
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            return null; // a code page this runtime lacks
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
