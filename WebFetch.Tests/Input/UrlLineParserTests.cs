using System.Runtime.Versioning;
using System.Text;
using WebFetch.Input;
using Xunit;

namespace WebFetch.Tests.Input;

[SupportedOSPlatform("linux")]
public sealed class UrlLineParserTests
{
    [Fact]
    public void SurroundingWhitespaceIsTrimmed()
    {
        InputLine? line = UrlLineParser.Parse("  \thttps://example.test/page \r", "a.txt", 3);

        Assert.NotNull(line);
        Assert.True(line.IsValid);
        Assert.Equal("https://example.test/page", line.Text);
        Assert.Equal("https://example.test/page", line.Url!.Href);
        Assert.Null(line.Problem);
        Assert.Equal("a.txt", line.Source);
        Assert.Equal(3, line.LineNumber);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r")]
    [InlineData("#")]
    [InlineData("# a comment")]
    [InlineData("   # an indented comment")]
    [InlineData("#https://example.test/")]
    public void BlankAndCommentLinesAreSkipped(string text)
    {
        Assert.Null(UrlLineParser.Parse(text, "a.txt", 1));
    }

    [Theory]
    [InlineData("http://example.test")]
    [InlineData("http://example.test/")]
    [InlineData("https://example.test/a/b?c=d#e")]
    [InlineData("HTTPS://EXAMPLE.TEST/")]
    [InlineData("http://127.0.0.1:8080/x")]
    [InlineData("http://[::1]/")]
    public void AbsoluteHttpUrlWithHostIsAccepted(string text)
    {
        InputLine? line = UrlLineParser.Parse(text, "a.txt", 1);

        Assert.NotNull(line);
        Assert.True(line.IsValid);
        Assert.Equal(text, line.Text);
        Assert.Null(line.Problem);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://")]
    [InlineData("https://")]
    [InlineData("mailto:a@b")]
    [InlineData("/path")]
    [InlineData("example.test/page")]
    [InlineData("http://exa mple.test/")]
    [InlineData("http://1.2.3.08/")]
    [InlineData("http://256.0.0.1/")]
    public void AnythingButAnAbsoluteHttpUrlIsInvalid(string text)
    {
        InputLine? line = UrlLineParser.Parse(text, "a.txt", 7);

        Assert.NotNull(line);
        Assert.False(line.IsValid);
        Assert.Null(line.Url);
        Assert.False(string.IsNullOrEmpty(line.Problem));
        Assert.Equal(text, line.Text);
        Assert.Equal(7, line.LineNumber);
    }

    [Theory]
    [InlineData("https:/example.com/", "https://example.com/")]
    [InlineData("http:@www.example.com", "http://www.example.com/")]
    [InlineData("https://%e2%98%83", "https://xn--n3h/")]
    [InlineData("http://example.test/foo%2zbar", "http://example.test/foo%2zbar")]
    public void LinesBrowsersOpenAreUrls(string text, string href)
    {
        InputLine? line = UrlLineParser.Parse(text, "a.txt", 1);

        Assert.True(line!.IsValid, line.Problem);
        Assert.Equal(href, line.Url!.Href);
        Assert.Equal(text, line.Text);
    }

    [Theory]
    [InlineData("http://1.2.3.08", "invalid IPv4 address '1.2.3.08'")]
    [InlineData("http://256.0.0.1", "invalid IPv4 address '256.0.0.1'")]
    [InlineData("http://a~b.com/", "the host 'a~b.com' is valid in a URL but cannot be requested")]
    [InlineData("ftp://x", "scheme 'ftp' is not http or https")]
    public void ALineThatIsNotAUrlToFetchSaysWhy(string text, string problem)
    {
        InputLine? line = UrlLineParser.Parse(text, "a.txt", 1);

        Assert.False(line!.IsValid);
        Assert.Contains(problem, line.Problem, StringComparison.Ordinal);
        Assert.Equal(text, line.Text);
    }

    [Fact]
    public void OtherSchemeIsNamedInTheProblem()
    {
        InputLine? line = UrlLineParser.Parse("ftp://x", "a.txt", 1);

        Assert.Contains("'ftp'", line!.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://example.test/a b", "http://example.test/a%20b")]
    [InlineData("http://example.test/a\tb", "http://example.test/ab")]
    [InlineData("http://example.test/a\0b", "http://example.test/a%00b")]
    public void SpacesTabsAndControlsInsideALineAreTreatedAsBrowsersTreatThem(string text, string href)
    {
        InputLine? line = UrlLineParser.Parse(text, "a.txt", 1);

        Assert.True(line!.IsValid, line.Problem);
        Assert.Equal(href, line.Url!.Href);
        Assert.Equal(text, line.Text);
    }

    [Fact]
    public void AHostWithASpaceIsNamedInTheProblem()
    {
        InputLine? line = UrlLineParser.Parse("http://exa mple.test/", "a.txt", 1);

        Assert.Contains("host 'exa mple.test'", line!.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void HundredKilobyteLineIsInvalidWithAShortenedEcho()
    {
        string text = "http://example.test/" + new string('a', 100 * 1024);

        InputLine? line = UrlLineParser.Parse(text, "a.txt", 1);

        Assert.NotNull(line);
        Assert.False(line.IsValid);
        Assert.Contains("longer than", line.Problem, StringComparison.Ordinal);
        Assert.True(line.Text.Length <= UrlLineParser.MaxEchoChars + 1, $"echo is {line.Text.Length} chars");
        Assert.StartsWith("http://example.test/aaa", line.Text, StringComparison.Ordinal);
        Assert.EndsWith("…", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void HundredKilobyteTruncatedByteLineIsInvalidWithAShortenedEcho()
    {
        byte[] raw = Encoding.ASCII.GetBytes("http://example.test/" + new string('a', UrlLineParser.MaxUrlBytes - 20));

        InputLine? line = UrlLineParser.Parse(raw, truncated: true, "a.txt", 4);

        Assert.NotNull(line);
        Assert.False(line.IsValid);
        Assert.Contains("longer than", line.Problem, StringComparison.Ordinal);
        Assert.Equal(UrlLineParser.MaxEchoChars + 1, line.Text.Length);
        Assert.Equal(4, line.LineNumber);
    }

    [Fact]
    public void ShortenedEchoDoesNotSplitASurrogatePair()
    {
        string text = "not a url " + new string('x', UrlLineParser.MaxEchoChars - 11) + string.Concat(Enumerable.Repeat("\U0001F600", 10));

        InputLine? line = UrlLineParser.Parse(text, "a.txt", 1);

        Assert.NotNull(line);
        Assert.EndsWith("…", line.Text, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(line.Text[^2]), "the cut left a lone high surrogate before the ellipsis");
    }

    [Fact]
    public void UrlOfExactlyMaxBytesIsAccepted()
    {
        string text = "http://example.test/" + new string('a', UrlLineParser.MaxUrlBytes - "http://example.test/".Length);

        InputLine? line = UrlLineParser.Parse(text, "a.txt", 1);

        Assert.True(line!.IsValid);
    }

    [Fact]
    public void UrlOneByteOverMaxBytesIsInvalid()
    {
        string text = "http://example.test/" + new string('a', UrlLineParser.MaxUrlBytes - "http://example.test/".Length + 1);

        InputLine? line = UrlLineParser.Parse(text, "a.txt", 1);

        Assert.False(line!.IsValid);
    }

    [Fact]
    public void InvalidUtf8IsReportedAsSuch()
    {
        byte[] raw = [.. "http://example.test/"u8, 0xFF, 0xFE, (byte)'x'];

        InputLine? line = UrlLineParser.Parse(raw, truncated: false, "a.txt", 2);

        Assert.NotNull(line);
        Assert.False(line.IsValid);
        Assert.Contains("not valid UTF-8", line.Problem, StringComparison.Ordinal);
        Assert.StartsWith("http://example.test/", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidUtf8BytesParseLikeTheString()
    {
        byte[] raw = Encoding.UTF8.GetBytes("  https://example.test/café \r");

        InputLine? line = UrlLineParser.Parse(raw, truncated: false, "a.txt", 1);

        Assert.NotNull(line);
        Assert.True(line.IsValid);
        Assert.Equal("https://example.test/café", line.Text);
    }

    [Fact]
    public void CommentBytesAreSkipped()
    {
        Assert.Null(UrlLineParser.Parse("# note"u8, truncated: false, "a.txt", 1));
    }
}
