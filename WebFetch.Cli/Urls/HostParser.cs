using System.Diagnostics.CodeAnalysis;
using WebFetch.Urls.Idna;

namespace WebFetch.Urls;

/// <summary>
/// The URL Standard's host parser for special URLs: an IPv6 address in brackets, an IPv4
/// address when the name ends in a number, or else a domain, percent-decoded, mapped to ASCII
/// with UTS #46 and checked for forbidden code points (<see cref="DomainToAscii"/>). Returns the
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
}
