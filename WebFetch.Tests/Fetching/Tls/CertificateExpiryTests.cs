using WebFetch.Fetching.Tls;
using Xunit;

namespace WebFetch.Tests.Fetching.Tls;

/// <summary>--cert-warn's arithmetic and words: days left, or hours under a day, or how long ago it expired.</summary>
public sealed class CertificateExpiryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(4.9, 7, "the certificate of a.test:443 expires on 2026-12-08 09:36 UTC, in 4 days (--cert-warn 7)")]
    [InlineData(1.5, 7, "the certificate of a.test:443 expires on 2026-12-05 00:00 UTC, in 1 day (--cert-warn 7)")]
    [InlineData(0.25, 1, "the certificate of a.test:443 expires on 2026-12-03 18:00 UTC, in 6 hours (--cert-warn 1)")]
    [InlineData(0.01, 1, "the certificate of a.test:443 expires on 2026-12-03 12:14 UTC, in less than an hour (--cert-warn 1)")]
    [InlineData(-2.5, 30, "the certificate of a.test:443 expired on 2026-12-01 00:00 UTC, 2 days ago (--cert-warn 30)")]
    public void ACertificateWithinTheDaysIsSaidWithItsDateAndTimeLeft(double daysLeft, int warn, string expected) =>
        Assert.Equal(expected, CertificateExpiry.Words("a.test:443", Now.AddDays(daysLeft), Now, warn));

    [Theory]
    [InlineData(7.0, 7)]
    [InlineData(30, 7)]
    [InlineData(4.9, 3)]
    public void ACertificateWithTheDaysLeftOrMoreIsNotAnError(double daysLeft, int warn) =>
        Assert.Null(CertificateExpiry.Words("a.test:443", Now.AddDays(daysLeft), Now, warn));
}
