using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace WebFetch.Urls.Idna;

/// <summary>
/// The URL Standard's "domain to ASCII" (https://url.spec.whatwg.org/#concept-domain-to-ascii, now
/// named "domain parser") with beStrict = false, as the host parser of a special URL runs it.
/// </summary>
/// <remarks>
/// An all-ASCII domain is ASCII-lowercased whatever UTS #46 ToASCII would say of it, "xn--" labels
/// included: the URL Standard made that change in 2026 for web compatibility (browsers open
/// <c>xn--8i7caa.famitei.net</c>, whose Punycode decodes to characters IDNA maps), and the
/// web-platform-tests expect it (<c>xn--a</c> is the host <c>xn--a</c>). <see cref="Uts46ToAscii"/> is
/// the strict UTS #46 operation for a caller that wants such labels refused. A domain with any
/// non-ASCII character goes through UTS #46 ToASCII, and any error it records is a failure. Either
/// way an empty result, or one with a forbidden domain code point, is a failure.
/// </remarks>
internal static class DomainToAscii
{
    // The URL Standard's forbidden domain code points, less the C0 controls (checked by range).
    private static readonly SearchValues<char> ForbiddenDomainCodePoints = SearchValues.Create("\u0020#%/:<>?@[\\]^|\u007F");

    /// The URL Standard's "domain to ASCII" with beStrict = false.
    public static bool TryConvert(string domain, [NotNullWhen(true)] out string? ascii, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(domain);
        string result;
        if (System.Text.Ascii.IsValid(domain))
        {
            result = LowercaseAscii(domain);
        }
        else if (!Uts46ToAscii.TryConvert(domain, out string? converted, out error))
        {
            ascii = null;
            return false;
        }
        else
        {
            result = converted;
        }

        if (result.Length == 0)
        {
            ascii = null;
            error = "the host is empty after IDNA processing";
            return false;
        }
        int forbidden = IndexOfForbidden(result);
        if (forbidden >= 0)
        {
            ascii = null;
            char c = result[forbidden];
            error = c == ' '
                ? "a domain cannot contain a space (U+0020)"
                : $"a domain cannot contain the character {CodePointText.Describe(c)}" + (c < 0x20 || c == 0x7F ? "" : $" ('{c}')");
            return false;
        }
        ascii = result;
        error = null;
        return true;
    }

    private static string LowercaseAscii(string domain)
    {
        int firstUpper = domain.AsSpan().IndexOfAnyInRange('A', 'Z');
        if (firstUpper < 0)
        {
            return domain;
        }
        return string.Create(domain.Length, domain, static (span, source) =>
            System.Text.Ascii.ToLower(source, span, out _));
    }

    private static int IndexOfForbidden(string host)
    {
        int control = host.AsSpan().IndexOfAnyInRange('\0', '\u001F');
        int other = host.AsSpan().IndexOfAny(ForbiddenDomainCodePoints);
        return control < 0 ? other : other < 0 ? control : Math.Min(control, other);
    }
}
