using System.Diagnostics.CodeAnalysis;

namespace WebFetch.Urls.Idna;

/// <summary>
/// The URL Standard's "domain to ASCII" (its "domain parser") for a host of a special URL.
/// </summary>
internal static class DomainToAscii
{
    /// The URL Standard's "domain to ASCII" with beStrict = false.
    public static bool TryConvert(string domain, [NotNullWhen(true)] out string? ascii, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ascii = null;
        error = "not implemented";
        return false;
    }
}
