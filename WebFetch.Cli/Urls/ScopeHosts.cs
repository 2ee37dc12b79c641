using System.Buffers;
using System.Globalization;

namespace WebFetch.Urls;

/// <summary>
/// The hosts a crawl's scope can hold (its start URLs' hosts, or with <paramref name="domains"/>
/// their domains and every host within them), and which links surely name none of them, read
/// from the link's text without parsing it (<see cref="SurelyOutside"/>). The crawl asks it of
/// the links a worker sends; with <c>--no-external</c> a crawl's worker asks it of the links as
/// the page writes them, before resolving them.
/// </summary>
/// <param name="hosts">Hosts as the URL parser serializes them; with <paramref name="domains"/>, domains (<see cref="DomainOf"/>).</param>
internal sealed class ScopeHosts(IReadOnlyList<string> hosts, bool domains)
{
    public IReadOnlyList<string> Hosts => hosts;

    public bool Domains => domains;

    /// <summary>
    /// Whether <paramref name="link"/>, an absolute URL as a worker resolved it or as a page
    /// wrote it, surely names a host outside these: an http or https URL whose host is none of
    /// them (nor, with domains, within one), and a host the URL parser keeps as written:
    /// lower-case ASCII letters, digits, hyphens and dots, no empty label, no <c>xn--</c> label,
    /// not ending in a number (no IPv4 form), no userinfo, a port of at most 65535. Such a URL
    /// always parses, whatever the base. False whenever that is not sure (a leading space, an
    /// upper-case letter, a backslash): the link is then resolved and placed as any other.
    /// </summary>
    public bool SurelyOutside(string link)
    {
        int start = link.StartsWith("http://", StringComparison.Ordinal) ? 7 : link.StartsWith("https://", StringComparison.Ordinal) ? 8 : -1;
        if (start < 0)
        {
            return false;
        }
        ReadOnlySpan<char> authority = link.AsSpan(start);
        int end = authority.IndexOfAny(AuthorityEnds);
        authority = end < 0 ? authority : authority[..end];
        int colon = authority.IndexOf(':');
        ReadOnlySpan<char> host = colon < 0 ? authority : authority[..colon];
        if (colon >= 0 && !IsPort(authority[(colon + 1)..]))
        {
            return false;
        }
        if (!IsPlainHost(host))
        {
            return false;
        }
        foreach (string known in hosts)
        {
            if (domains ? InDomain(host, known) : host.SequenceEqual(known))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The domain <c>--scope domain</c> keeps: the host without a leading <c>www.</c>; an IP address (v4, or v6 in brackets) as it is.</summary>
    public static string DomainOf(string host) =>
        host.StartsWith("www.", StringComparison.Ordinal) && !IsAddress(host) ? host[4..] : host;

    /// <summary>Whether <paramref name="host"/> is <paramref name="domain"/> or a host within it.</summary>
    public static bool InDomain(ReadOnlySpan<char> host, string domain) =>
        host.SequenceEqual(domain)
        || (!IsAddress(domain) && host.Length > domain.Length + 1 && host.EndsWith(domain, StringComparison.Ordinal) && host[^(domain.Length + 1)] == '.');

    private static bool IsAddress(string host) => host.StartsWith('[') || host.All(c => char.IsAsciiDigit(c) || c == '.');

    private static readonly SearchValues<char> AuthorityEnds = SearchValues.Create("/?#\\");

    private static readonly SearchValues<char> HostChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-.");

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

    private static bool IsPort(ReadOnlySpan<char> port) =>
        port.Length is > 0 and <= 5 && !port.ContainsAnyExceptInRange('0', '9') && int.Parse(port, CultureInfo.InvariantCulture) <= 65535;

    /// <summary>A host the URL parser keeps as written and that is no IPv4 address: see <see cref="SurelyOutside"/>.</summary>
    private static bool IsPlainHost(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty || host.ContainsAnyExcept(HostChars))
        {
            return false;
        }
        ReadOnlySpan<char> last = default;
        foreach (Range range in host.Split('.'))
        {
            ReadOnlySpan<char> label = host[range];
            if (label.IsEmpty || label.StartsWith("xn--", StringComparison.Ordinal))
            {
                return false;
            }
            last = label;
        }
        bool number = !last.ContainsAnyExceptInRange('0', '9')
            || (last.StartsWith("0x", StringComparison.Ordinal) && !last[2..].ContainsAnyExcept(HexDigits));
        return !number;
    }
}
