using System.Globalization;
using System.Text;

namespace WebFetch.Urls;

/// <summary>
/// The URL Standard's IPv6 serializer: lower-case hex without leading zeros, the first
/// longest run of two or more zero pieces compressed as <c>::</c> (RFC 5952's form).
/// </summary>
internal static class Ipv6Serializer
{
    /// <summary>The address without brackets, <c>2001:db8::1</c>.</summary>
    public static string Serialize(ushort[] address)
    {
        int? compress = LongestZeroRun(address);
        var output = new StringBuilder();
        bool ignore0 = false;
        for (int pieceIndex = 0; pieceIndex < 8; pieceIndex++)
        {
            if (ignore0 && address[pieceIndex] == 0)
            {
                continue;
            }
            ignore0 = false;
            if (compress == pieceIndex)
            {
                output.Append(pieceIndex == 0 ? "::" : ":");
                ignore0 = true;
                continue;
            }
            output.Append(address[pieceIndex].ToString("x", CultureInfo.InvariantCulture));
            if (pieceIndex != 7)
            {
                output.Append(':');
            }
        }
        return output.ToString();
    }

    /// <summary>The start of the first longest run of at least two zero pieces, if any.</summary>
    private static int? LongestZeroRun(ushort[] address)
    {
        int? best = null;
        int bestLength = 1;
        for (int i = 0; i < 8;)
        {
            if (address[i] != 0)
            {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && address[i] == 0)
            {
                i++;
            }
            if (i - start > bestLength)
            {
                best = start;
                bestLength = i - start;
            }
        }
        return best;
    }
}
