using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using WebFetch.Protocol;

namespace WebFetch.Fetching.Tls;

/// <summary>
/// <c>--cert-warn DAYS</c>: the expiry of the certificate each server showed, and the error of
/// kind <see cref="ErrorKind.CertExpiring"/> for a response whose server's certificate expires
/// within DAYS days. The certificate is seen once per connection, in the handshake, and a
/// connection serves many requests: its expiry is kept by the connection's target (host and
/// port, <see cref="ConnectionTarget"/>) and looked up by the host and port of each response's final URL.
/// </summary>
internal sealed class CertificateExpiry(int days, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _notAfter = new(StringComparer.Ordinal);

    /// <summary>Keeps the expiry of the certificate a handshake of <paramref name="sender"/> (an <see cref="SslStream"/>) saw.</summary>
    public void Record(object sender, X509Certificate? certificate)
    {
        if (ConnectionTarget.Of(sender) is not { } target || certificate is null)
        {
            return;
        }
        using X509Certificate2? owned = certificate is X509Certificate2 ? null : new X509Certificate2(certificate);
        DateTime notAfter = (owned ?? (X509Certificate2)certificate).NotAfter;
        _notAfter[target] = new DateTimeOffset(notAfter.ToUniversalTime(), TimeSpan.Zero);
    }

    /// <summary>The error for a response from <paramref name="finalUrl"/> whose server's certificate expires within the days, or null.</summary>
    public FetchError? ErrorFor(string finalUrl)
    {
        foreach (string target in ConnectionTarget.Of(finalUrl))
        {
            if (_notAfter.TryGetValue(target, out DateTimeOffset notAfter))
            {
                var url = new Uri(finalUrl);
                string? words = Words($"{url.Host}:{url.Port}", notAfter, time.GetUtcNow(), days);
                return words is null ? null : new FetchError(ErrorKind.CertExpiring, words);
            }
        }
        return null;
    }

    /// <summary>
    /// What is said of a certificate of <paramref name="target"/> that expires at <paramref name="notAfter"/>
    /// when it is <paramref name="now"/>: null when it has <paramref name="days"/> days left or more.
    /// </summary>
    public static string? Words(string target, DateTimeOffset notAfter, DateTimeOffset now, int days)
    {
        TimeSpan left = notAfter - now;
        if (left >= TimeSpan.FromDays(days))
        {
            return null;
        }
        string day = notAfter.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return left < TimeSpan.Zero
            ? $"the certificate of {target} expired on {day}, {Span(-left)} ago (--cert-warn {days})"
            : $"the certificate of {target} expires on {day}, in {Span(left)} (--cert-warn {days})";
    }

    /// <summary>Whole days, or hours under a day: "4 days", "1 day", "5 hours", "less than an hour".</summary>
    private static string Span(TimeSpan span)
    {
        int whole = (int)Math.Floor(span.TotalDays);
        int hours = (int)Math.Floor(span.TotalHours);
        return whole >= 1 ? (whole == 1 ? "1 day" : $"{whole} days")
            : hours >= 1 ? (hours == 1 ? "1 hour" : $"{hours} hours")
            : "less than an hour";
    }
}
