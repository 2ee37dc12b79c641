using WebFetch.Urls.Idna;
using Xunit;

namespace WebFetch.Tests.Urls.Idna;

public sealed class Uts46ToAsciiTests
{
    [Theory]
    [InlineData("xn--tda", "xn--tda")]
    [InlineData("XN--Tda.de", "xn--tda.de")]
    [InlineData("xn--zca.ß", "xn--zca.xn--zca")]
    [InlineData("aa--.a†--", "aa--.xn--a---kp0a")]
    [InlineData("x..ß", "x..xn--zca")]
    public void ValidLabelsConvert(string domain, string expected)
    {
        Assert.True(Uts46ToAscii.TryConvert(domain, out string? ascii, out string? error), error);
        Assert.Equal(expected, ascii);
    }

    [Theory]
    [InlineData("xn--0.pt", "label 1 'xn--0' is not valid Punycode")]
    [InlineData("a.xn--a", "label 2 'xn--a' has the disallowed character U+0080")]
    [InlineData("xn--", "label 1 'xn--' decodes to nothing")]
    [InlineData("xn--ab-", "label 1 'xn--ab-' decodes to plain ASCII, which must not be Punycode-encoded")]
    [InlineData("xn--a-ä.pt", "label 1 'xn--a-ä' begins with xn-- but is not all ASCII")]
    [InlineData("xn--u-ccb", "label 1 'xn--u-ccb' decodes to text that is not in Unicode normalization form C")]
    [InlineData("xn--xn--a--gua.pt", "label 1 'xn--xn--a--gua' begins with xn-- after decoding")]
    [InlineData("xn--8i7caa", "label 1 'xn--8i7caa' has the character U+FF57, which IDNA maps to another and so cannot appear in a Punycode label")]
    [InlineData("\u0308a", "label 1 '\u0308a' begins with the combining mark U+0308")]
    public void EachValidityCriterionHasItsOwnError(string domain, string expected)
    {
        Assert.False(Uts46ToAscii.TryConvert(domain, out string? ascii, out string? error));
        Assert.Null(ascii);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void ALoneSurrogateIsDisallowed()
    {
        Assert.False(Uts46ToAscii.TryConvert("a\ud900z", out _, out string? error));
        Assert.Equal("label 1 'a<U+D900>z' has the disallowed character U+D900", error);
    }

    [Fact]
    public void TransitionalMappingIsNotUsed()
    {
        Assert.True(Uts46ToAscii.TryConvert("ß.ς", out string? ascii, out _));
        Assert.Equal("xn--zca.xn--3xa", ascii);
    }
}
