using AngleSharp.Text;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>Charset labels resolve as in AngleSharp's table, UTF-8 without building that table.</summary>
public sealed class CharsetsTests
{
    public CharsetsTests() => CodePages.Register();

    [Theory]
    [InlineData("utf-8")]
    [InlineData("UTF-8")]
    [InlineData("utf8")]
    [InlineData("Unicode-1-1-UTF-8")]
    [InlineData("windows-1252")]
    [InlineData("ISO-8859-1")]
    [InlineData("Shift_JIS")]
    [InlineData("gbk")]
    [InlineData("utf-16le")]
    [InlineData("koi8-r")]
    public void AKnownLabelResolvesToTheEncodingAngleSharpGivesIt(string label)
    {
        Assert.True(Charsets.IsSupported(label));
        Assert.Equal(TextEncoding.Resolve(label).CodePage, Charsets.Resolve(label).CodePage);
    }

    [Theory]
    [InlineData("x-no-such-charset")]
    [InlineData("utf-9")]
    [InlineData("")]
    public void AnUnknownLabelIsNotSupportedAndResolvesToUtf8(string label)
    {
        Assert.False(Charsets.IsSupported(label));
        Assert.Equal(65001, Charsets.Resolve(label).CodePage);
    }

    [Fact]
    public void Utf8DecodesInvalidBytesToReplacementCharacters() =>
        Assert.Equal("a\uFFFDb", Charsets.Utf8.GetString([0x61, 0xFF, 0x62]));

    [Fact]
    public void Utf8WritesNoByteOrderMark() => Assert.Empty(Charsets.Utf8.GetPreamble());
}
