using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace WebFetch.Urls.Idna;

/// <summary>
/// The URL Standard's "domain to ASCII" for a host of a special URL: ASCII names are
/// lower-cased, others are converted with <see cref="IdnMapping"/>.
/// </summary>
internal static class DomainToAscii
{
    private static readonly IdnMapping Mapping = new();

    public static bool TryConvert(string domain, [NotNullWhen(true)] out string? ascii, [NotNullWhen(false)] out string? error)
    {
        if (System.Text.Ascii.IsValid(domain))
        {
            ascii = domain.ToLowerInvariant();
            error = null;
            return true;
        }
        try
        {
            ascii = Mapping.GetAscii(domain.ToLowerInvariant());
            error = null;
            return true;
        }
        catch (ArgumentException e)
        {
            ascii = null;
            error = e.Message;
            return false;
        }
    }
}
