using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using WebFetch.Urls.Idna;

namespace WebFetch.Urls;

/// <summary>
/// The URL Standard's host parser for special URLs: an IPv6 address in brackets, an IPv4
/// address when the name ends in a number, or else a domain, percent-decoded, mapped to ASCII
/// with UTS #46 (<see cref="DomainToAscii"/>) and free of forbidden code points. Returns the
/// host as the standard serialises it.
/// </summary>
internal static class HostParser
{
    public static bool TryParse(string input, [NotNullWhen(true)] out string? host, [NotNullWhen(false)] out string? error)
    {
        host = null;
        if (input.StartsWith('['))
        {
            if (!input.EndsWith(']') || input.Length < 2)
            {
                error = $"IPv6 address '{input}' has no closing ']'";
                return false;
            }
            if (!Ipv6Parser.TryParse(input[1..^1], out ushort[] address))
            {
                error = $"invalid IPv6 address '{input}'";
                return false;
            }
            host = "[" + Ipv6Serializer.Serialize(address) + "]";
            error = null;
            return true;
        }
        string domain = PercentEncoding.DecodeToString(input);
        if (!DomainToAscii.TryConvert(domain, out string? ascii, out string? idnaError))
        {
            error = $"host '{input}' is not a valid domain: {idnaError}";
            return false;
        }
        if (ascii.Length == 0)
        {
            error = "the host is empty";
            return false;
        }
        int forbidden = ascii.AsSpan().IndexOfAny(ForbiddenDomainCodePoints);
        if (forbidden >= 0)
        {
            error = $"host '{input}' contains {Describe(ascii[forbidden])}, which a domain cannot contain";
            return false;
        }
        if (Ipv4Parser.EndsInANumber(ascii))
        {
            if (!Ipv4Parser.TryParse(ascii, out uint address))
            {
                error = $"invalid IPv4 address '{ascii}'";
                return false;
            }
            host = Ipv4Parser.Serialize(address);
            error = null;
            return true;
        }
        host = ascii;
        error = null;
        return true;
    }

    /// <summary>Forbidden host code points, C0 controls, <c>%</c> and DEL.</summary>
    private static readonly System.Buffers.SearchValues<char> ForbiddenDomainCodePoints = System.Buffers.SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        " #/:<>?@[\\]^|%\u007F");

    private static string Describe(char c) => c is < ' ' or '\u007F'
        ? string.Create(CultureInfo.InvariantCulture, $"the control character U+{(int)c:X4}")
        : c == ' ' ? "a space" : $"'{c}'";
}
