using System.Text;
using WebFetch.Urls.Idna;
using Xunit;

namespace WebFetch.Tests.Urls.Idna;

public sealed class PunycodeTests
{
    // RFC 3492 section 7.1 sample strings (A), (B) and (L), and common labels.
    [Theory]
    [InlineData("\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F", "egbpdaj6bu4bxfgehfvwxn")]
    [InlineData("\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587", "ihqwcrb4cv8a8dqg056pqjye")]
    [InlineData("3\u5E74B\u7D44\u91D1\u516B\u5148\u751F", "3B-ww4c5e180e575a65lsy2b")]
    [InlineData("ü", "tda")]
    [InlineData("bücher", "bcher-kva")]
    [InlineData("\U0001F600a", "a-iv3s")]
    public void EncodingAndDecodingMatchTheReferenceStrings(string unicode, string punycode)
    {
        int[] codePoints = [.. unicode.EnumerateRunes().Select(r => r.Value)];

        var encoded = new StringBuilder();
        Assert.True(Punycode.TryEncode(codePoints, encoded));
        Assert.Equal(punycode, encoded.ToString(), ignoreCase: true);

        var decoded = new List<int>();
        Assert.True(Punycode.TryDecode(punycode, decoded));
        Assert.Equal(codePoints, decoded);
    }

    [Fact]
    public void DigitsDecodeInEitherCase()
    {
        var decoded = new List<int>();
        Assert.True(Punycode.TryDecode("TDA", decoded));
        Assert.Equal(['ü'], decoded);
    }

    [Theory]
    [InlineData("0")] // ends in the middle of a number
    [InlineData("-")] // a digit expected after the delimiter
    [InlineData("a!")] // not a base-36 digit
    [InlineData("ü-a")] // a non-ASCII basic code point
    [InlineData("99999999999999")] // overflow
    [InlineData("a-rc4g")] // decodes to U+D800, not a scalar value
    [InlineData("egbpdaj6bu4bxfgehfvwxnzzzzzzz9")] // past U+10FFFF
    public void InvalidInputIsRefused(string punycode)
    {
        Assert.False(Punycode.TryDecode(punycode, []));
    }
}
