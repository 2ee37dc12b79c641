using WebFetch.Urls.Idna;
using Xunit;

namespace WebFetch.Tests.Urls.Idna;

public sealed class DomainToAsciiTests
{
    [Theory]
    [InlineData("Öbb.at", "xn--bb-eka.at")]
    [InlineData("Bu\u0308cher.de", "xn--bcher-kva.de")]
    [InlineData("日本語。ＪＰ", "xn--wgv71a119e.jp")]
    [InlineData("a\u00adb", "ab")]
    [InlineData("Ｇｏ.com", "go.com")]
    [InlineData("ẞ.com", "xn--zca.com")]
    [InlineData("ä.-b.", "xn--4ca.-b.")]
    [InlineData("faß.de", "xn--fa-hia.de")]
    [InlineData("ü.", "xn--tda.")]
    [InlineData("ü.XN--TDA", "xn--tda.xn--tda")]
    public void HostsFromTheIssueAreMappedAsBrowsersMapThem(string domain, string expected)
    {
        Assert.True(DomainToAscii.TryConvert(domain, out string? ascii, out string? error), error);
        Assert.Equal(expected, ascii);
    }

    [Fact]
    public void AnAsciiDomainAlreadyInLowercaseIsReturnedAsItIs()
    {
        string domain = "www.example.com";

        Assert.True(DomainToAscii.TryConvert(domain, out string? ascii, out _));
        Assert.Same(domain, ascii);
    }

    [Fact]
    public void AnAsciiDomainIsLowercased()
    {
        Assert.True(DomainToAscii.TryConvert("WWW.Example.COM", out string? ascii, out _));
        Assert.Equal("www.example.com", ascii);
    }

    [Theory]
    [InlineData("xn--a", "xn--a")]
    [InlineData("XN--A.com", "xn--a.com")]
    [InlineData("xn--8i7caa.famitei.net", "xn--8i7caa.famitei.net")]
    public void AnAsciiDomainWithAnInvalidPunycodeLabelIsOnlyLowercasedAsTheUrlStandardNowSays(string domain, string expected)
    {
        Assert.True(DomainToAscii.TryConvert(domain, out string? ascii, out string? error), error);
        Assert.Equal(expected, ascii);
    }

    [Fact]
    public void AnInvalidPunycodeLabelBesideANonAsciiLabelFails()
    {
        Assert.False(DomainToAscii.TryConvert("ü.xn--a", out _, out string? error));
        Assert.Equal("label 2 'xn--a' has the disallowed character U+0080", error);
    }

    [Fact]
    public void ADisallowedCharacterIsNamedInTheError()
    {
        Assert.False(DomainToAscii.TryConvert("a⒈com", out _, out string? error));
        Assert.Equal("label 1 'a⒈com' has the disallowed character U+2488", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u00ad")]
    [InlineData("\u00ad\u200b")]
    public void ADomainThatIsEmptyAfterMappingFails(string domain)
    {
        Assert.False(DomainToAscii.TryConvert(domain, out string? ascii, out string? error));
        Assert.Null(ascii);
        Assert.Contains("empty", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a%b", "U+0025")]
    [InlineData("a b", "U+0020")]
    [InlineData("a\u0001b", "U+0001")]
    [InlineData("ü\u0001", "U+0001")]
    [InlineData("ü\uff05", "U+0025")]
    [InlineData("ü\uff0f", "U+002F")]
    [InlineData("www.lookout.net\u2a7480", "U+003A")]
    [InlineData("www\u00a0.lookout.net", "U+0020")]
    public void AForbiddenDomainCodePointFailsEvenWhenMappingProducesIt(string domain, string named)
    {
        Assert.False(DomainToAscii.TryConvert(domain, out _, out string? error));
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\u0001b")]
    [InlineData("\u0378\u0007ü")]
    [InlineData("ü.xn--\u0007")]
    [InlineData("\u0007\u200c\u0646")]
    [InlineData("\u202e\u0378.com")]
    public void AnErrorNeverHoldsAControlOrFormattingCharacter(string domain)
    {
        Assert.False(DomainToAscii.TryConvert(domain, out _, out string? error));
        Assert.DoesNotContain(error, c => char.IsControl(c) || c is '\u200c' or '\u202e');
    }
}
