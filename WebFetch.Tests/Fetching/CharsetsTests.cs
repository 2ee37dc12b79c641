using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>Charset labels resolve as the Encoding Standard's table says, to decoders that give U+FFFD where it says error.</summary>
public sealed class CharsetsTests
{
    public CharsetsTests() => CodePages.Register();

    [Theory]
    [InlineData("utf-8", "UTF-8")]
    [InlineData("UTF-8", "UTF-8")]
    [InlineData(" utf8\t", "UTF-8")]
    [InlineData("Unicode-1-1-UTF-8", "UTF-8")]
    [InlineData("windows-1252", "windows-1252")]
    [InlineData("ISO-8859-1", "windows-1252")]
    [InlineData("us-ascii", "windows-1252")]
    [InlineData("Shift_JIS", "Shift_JIS")]
    [InlineData("gb2312", "GBK")]
    [InlineData("gb18030", "gb18030")]
    [InlineData("ks_c_5601-1987", "EUC-KR")]
    [InlineData("utf-16", "UTF-16LE")]
    [InlineData("koi8-r", "KOI8-R")]
    [InlineData("latin5", "windows-1254")]
    [InlineData("tis-620", "windows-874")]
    public void AKnownLabelResolvesToTheStandardsEncoding(string label, string name)
    {
        Assert.True(Charsets.IsSupported(label));
        Assert.Equal(name, Charsets.Resolve(label)?.Name);
    }

    [Theory]
    [InlineData("x-no-such-charset")]
    [InlineData("utf-9")]
    [InlineData("")]
    [InlineData("iso-2022-kr")] // the standard's "replacement": not decoded
    public void AnUnknownLabelIsNotSupported(string label)
    {
        Assert.False(Charsets.IsSupported(label));
        Assert.Null(Charsets.Resolve(label));
    }

    [Theory]
    [InlineData("utf-16be", "UTF-8")]
    [InlineData("utf-16", "UTF-8")]
    [InlineData("x-user-defined", "windows-1252")]
    [InlineData("latin1", "windows-1252")]
    public void AMetaCannotSwitchToUtf16OrUserDefined(string label, string name) =>
        Assert.Equal(name, Charsets.ForMeta(label)?.Name);

    [Fact]
    public void Utf8DecodesInvalidBytesToReplacementCharacters() =>
        Assert.Equal("a\uFFFDb", Charsets.Utf8.GetString([0x61, 0xFF, 0x62]));

    [Fact]
    public void EucJpByte80IsAnError() =>
        Assert.Equal("a\uFFFDb", Charsets.Resolve("euc-jp")!.GetString([0x61, 0x80, 0x62]));

    [Fact]
    public void EucJpDecodesJapanese() =>
        Assert.Equal("日本", Charsets.Resolve("euc-jp")!.GetString([0xC6, 0xFC, 0xCB, 0xDC]));

    [Theory]
    [InlineData("euc-jp", new byte[] { 0xA0 })]
    [InlineData("euc-jp", new byte[] { 0x85 })] // not a lead byte
    [InlineData("euc-kr", new byte[] { 0x80 })]
    [InlineData("euc-kr", new byte[] { 0xFF })]
    [InlineData("big5", new byte[] { 0x80 })]
    [InlineData("shift_jis", new byte[] { 0xA0 })]
    [InlineData("shift_jis", new byte[] { 0xFD })]
    [InlineData("iso-8859-3", new byte[] { 0xA5 })]
    [InlineData("windows-1253", new byte[] { 0xAA })]
    [InlineData("windows-874", new byte[] { 0xDB })]
    public void ABytesTheStandardCallsAnErrorDecodesToTheReplacementCharacter(string label, byte[] bytes) =>
        Assert.Equal("a\uFFFDb", Charsets.Resolve(label)!.GetString([0x61, .. bytes, 0x62]));

    [Fact]
    public void EucJpLeadByteBeforeAnAsciiByteIsAnErrorAndTheAsciiByteIsKept() =>
        Assert.Equal("a\uFFFDb", Charsets.Resolve("euc-jp")!.GetString([0x61, 0xA4, 0x62]));

    [Fact]
    public void Iso2022JpBytesFrom80UpAreErrors() =>
        Assert.Equal("a\uFFFD\uFFFD日b", Charsets.Resolve("iso-2022-jp")!.GetString([0x61, 0x80, 0xC6, 0x1B, 0x24, 0x42, 0x46, 0x7C, 0x1B, 0x28, 0x42, 0x62]));

    [Fact]
    public void EucJpLeadByteAtTheEndIsAnError() =>
        Assert.Equal("a\uFFFD", Charsets.Resolve("euc-jp")!.GetString([0x61, 0xA4]));

    [Theory]
    [InlineData("shift_jis", new byte[] { 0x80 }, "\u0080")] // Shift_JIS's 0x80 is U+0080 in the standard
    [InlineData("windows-1252", new byte[] { 0x81 }, "\u0081")]
    [InlineData("windows-1252", new byte[] { 0x80 }, "€")]
    [InlineData("euc-kr", new byte[] { 0x81, 0x41 }, "갂")] // Unified Hangul Code, beyond EUC-KR proper
    [InlineData("gb18030", new byte[] { 0x80 }, "€")]
    [InlineData("gbk", new byte[] { 0xD6, 0xD0 }, "中")]
    [InlineData("iso-8859-8", new byte[] { 0xFD, 0xFE }, "\u200E\u200F")] // .NET's table has private-use characters
    [InlineData("iso-8859-7", new byte[] { 0xA1, 0xA4 }, "‘€")] // .NET's table is older: U+02BD, and no euro
    [InlineData("macintosh", new byte[] { 0xF0, 0xBD }, "\uF8FFΩ")]
    [InlineData("x-mac-ukrainian", new byte[] { 0xA2, 0xFF }, "Ґ€")]
    [InlineData("iso-8859-16", new byte[] { 0xA4, 0xBA }, "€ș")] // .NET has no ISO-8859-16
    [InlineData("iso-8859-10", new byte[] { 0xA1 }, "Ą")]
    public void ABytesTheStandardMapsKeepsItsCharacter(string label, byte[] bytes, string expected) =>
        Assert.Equal($"a{expected}b", Charsets.Resolve(label)!.GetString([0x61, .. bytes, 0x62]));
}
