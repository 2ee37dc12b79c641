using WebFetch.Urls.Idna;
using Xunit;

namespace WebFetch.Tests.Urls.Idna;

public sealed class NfcTests
{
    // Lines of Unicode 17.0.0 NormalizationTest.txt: source; NFC.
    [Theory]
    [InlineData("\u1E0A", "\u1E0A")]
    [InlineData("D\u0307", "\u1E0A")]
    [InlineData("\u1E0C\u0307", "\u1E0C\u0307")]
    [InlineData("D\u0307\u0323", "\u1E0C\u0307")] // reordered by combining class, then composed
    [InlineData("\u1E0A\u0323", "\u1E0C\u0307")]
    [InlineData("\u1E14\u0304", "\u1E14\u0304")] // blocked: no second macron composition
    [InlineData("\u00C5", "\u00C5")]
    [InlineData("\u212B", "\u00C5")] // singleton ANGSTROM SIGN
    [InlineData("\u2126", "\u03A9")] // singleton OHM SIGN
    [InlineData("\u0958", "\u0915\u093C")] // composition exclusion
    [InlineData("\u0344", "\u0308\u0301")] // non-starter decomposition
    [InlineData("\u1100\u1161\u11A8", "\uAC01")] // Hangul L V T
    [InlineData("\uAC00\u11A8", "\uAC01")] // Hangul LV T
    [InlineData("\u0061\u05AE\u0300\u0301\u0062", "\u00E0\u05AE\u0301\u0062")]
    [InlineData("\u0061\u0301\u0300\u05AE\u0062", "\u00E1\u05AE\u0300\u0062")]
    [InlineData("\U0001D15E", "\U0001D157\U0001D165")] // excluded musical symbol
    public void NormalizationTestLinesGiveTheirNfc(string source, string expected)
    {
        Assert.Equal(expected, Nfc.Normalize(source));
        Assert.True(Nfc.IsNormalized(expected));
    }

    [Fact]
    public void ALongRunOfCombiningMarksIsSortedStablyAndComposed()
    {
        const int Pairs = 4000;
        string source = "a" + string.Concat(Enumerable.Repeat("\u0301\u0316", Pairs)); // classes 230 and 220

        string expected = "\u00E1" + new string('\u0316', Pairs) + new string('\u0301', Pairs - 1);
        Assert.Equal(expected, Nfc.Normalize(source));
    }

    [Fact]
    public void TextAlreadyInNfcIsReturnedAsItIs()
    {
        string text = "b\u00FCcher";

        Assert.Same(text, Nfc.Normalize(text));
    }

    [Fact]
    public void StringNormalizeUnderInvariantGlobalizationDoesNotDoThis()
    {
        // Why Nfc exists: with InvariantGlobalization, string.Normalize returns non-ASCII text unchanged.
        Assert.Equal("\u00FC", Nfc.Normalize("u\u0308"));
    }
}
