using System.Buffers;
using System.Text;

namespace WebFetch.Crawl;

/// <summary>
/// The one form in which robots.txt patterns and the paths of URLs are compared, so that two
/// spellings of the same path match (RFC 9309, section 2.2.2, with RFC 3986's normalisation,
/// section 6.2.2):
/// <list type="bullet">
/// <item>a percent-encoded unreserved character (letters, digits, <c>-._~</c>) is decoded:
/// <c>/%62az</c> is <c>/baz</c>;</item>
/// <item>other percent-encodings are kept, in upper case: <c>%e3%83%84</c> is <c>%E3%83%84</c>;
/// a reserved character and its encoding stay distinct (<c>/a/b</c> is not <c>/a%2Fb</c>);</item>
/// <item>bytes that cannot stand in a URL as they are (non-ASCII, controls, space,
/// <c>"&lt;&gt;\^`{|}</c>) are percent-encoded: <c>/ツ</c> is <c>/%E3%83%84</c>;</item>
/// <item>a <c>%</c> not followed by two hex digits is <c>%25</c>.</item>
/// </list>
/// <c>*</c> and <c>$</c> are reserved characters and so come through unchanged.
/// </summary>
internal static class RobotsPath
{
    private static readonly SearchValues<byte> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"u8);

    private static readonly SearchValues<byte> Reserved = SearchValues.Create(":/?#[]@!$&'()*+,;="u8);

    /// <summary>The characters that are already in normal form by themselves: unreserved and reserved, no <c>%</c>.</summary>
    private static readonly SearchValues<char> Plain =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=");

    /// <summary>The normal form of the UTF-8 bytes <paramref name="bytes"/>.</summary>
    public static string Normalize(ReadOnlySpan<byte> bytes)
    {
        if (!NeedsWork(bytes))
        {
            return Encoding.ASCII.GetString(bytes);
        }
        var result = new StringBuilder(bytes.Length + 16);
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (b == (byte)'%')
            {
                if (i + 2 < bytes.Length && IsHex(bytes[i + 1]) && IsHex(bytes[i + 2]))
                {
                    byte decoded = (byte)((HexValue(bytes[i + 1]) << 4) | HexValue(bytes[i + 2]));
                    Append(result, decoded, decodeUnreserved: true);
                    i += 2;
                }
                else
                {
                    result.Append("%25");
                }
            }
            else
            {
                Append(result, b, decodeUnreserved: false);
            }
        }
        return result.ToString();
    }

    /// <summary>The normal form of <paramref name="text"/>, read as UTF-8; <paramref name="text"/> itself when it is in normal form already (most paths).</summary>
    public static string Normalize(string text) =>
        text.AsSpan().IndexOfAnyExcept(Plain) < 0 ? text : Normalize(Encoding.UTF8.GetBytes(text));

    /// <summary>Whether anything is to change: a percent sign or a byte to encode.</summary>
    private static bool NeedsWork(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            if (b == (byte)'%' || !(Unreserved.Contains(b) || Reserved.Contains(b)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Appends <paramref name="b"/>: as it is when it may stand in a URL, else encoded; a byte
    /// that came encoded stays encoded unless it is unreserved and <paramref name="decodeUnreserved"/>.
    /// </summary>
    private static void Append(StringBuilder result, byte b, bool decodeUnreserved)
    {
        bool plain = decodeUnreserved ? Unreserved.Contains(b) : Unreserved.Contains(b) || Reserved.Contains(b);
        if (plain)
        {
            result.Append((char)b);
        }
        else
        {
            result.Append('%').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xf));
        }
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);
}
