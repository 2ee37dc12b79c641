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
    // The URL Standard's forbidden domain code points: C0 controls, space, # % / : < > ? @ [ \ ] ^ | and DEL.
    private static readonly SearchValues<char> ForbiddenDomainCodePoints = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        " #%/:<>?@[\\]^|\u007F");

    // SearchValues rather than IndexOfAnyInRange, which allocated on every call under .NET 10.
    private static readonly SearchValues<char> AsciiUppercase = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ");

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
        int forbidden = result.AsSpan().IndexOfAny(ForbiddenDomainCodePoints);
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
        if (!domain.AsSpan().ContainsAny(AsciiUppercase))
        {
            return domain;
        }
        return string.Create(domain.Length, domain, static (span, source) =>
            System.Text.Ascii.ToLower(source, span, out _));
    }
}
