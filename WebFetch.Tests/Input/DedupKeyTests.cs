using WebFetch.Input;
using WebFetch.Urls;
using Xunit;

namespace WebFetch.Tests.Input;

public sealed class DedupKeyTests
{
    [Theory]
    [InlineData("http://example.test/a", "HTTP://Example.TEST:80/a")]
    [InlineData("http://example.test/a", "http://example.test/b/../a")]
    [InlineData("http://example.test/a#intro", "http://example.test/a#usage")]
    [InlineData("http://bücher.example/a", "http://xn--bcher-kva.example/a")]
    [InlineData("http://BÜCHER.example:8080/a?q=1#x", "http://xn--bcher-kva.example:8080/a?q=1")]
    public void TheSameFetchWrittenTwoWaysHasOneKey(string one, string other)
    {
        Assert.Equal(Key((one)), Key((other)));
    }

    [Theory]
    [InlineData("http://example.test/a", "https://example.test/a")]
    [InlineData("http://example.test/a", "http://example.test/A")]
    [InlineData("http://example.test/a?q=1", "http://example.test/a?q=2")]
    [InlineData("http://alice@example.test/a", "http://bob@example.test/a")]
    [InlineData("http://bücher.example/a", "http://bucher.example/a")]
    public void DifferentFetchesHaveDifferentKeys(string one, string other)
    {
        Assert.NotEqual(Key((one)), Key((other)));
    }

    [Theory]
    [InlineData("http://example.test/a/%2e%2E/b", "http://example.test/b")]
    [InlineData("http://example.test/a/%2e/b", "http://example.test/a/b")]
    [InlineData("http://0x7f.1/", "http://127.0.0.1/")]
    [InlineData("http://[0:0::1]/", "http://[::1]/")]
    [InlineData("https:/example.test/a", "https://example.test/a")]
    [InlineData("http://example.test\\a", "http://example.test/a")]
    public void TheUrlStandardsNormalFormIsTheKey(string one, string other)
    {
        Assert.Equal(Key(one), Key(other));
    }

    [Fact]
    public void ABarePercentIsNotTheSameAsAnEncodedOne()
    {
        Assert.NotEqual(Key("http://example.test/foo%2zbar"), Key("http://example.test/foo%252zbar"));
    }

    [Fact]
    public void AUnicodeHostKeepsItsUserPortPathAndQuery()
    {
        Assert.Equal("http://u:p@xn--bcher-kva.example:8080/a%20b?q=%C3%BC", Key(("http://u:p@bücher.example:8080/a b?q=ü#frag")));
    }

    private static string Key(string url)
    {
        Assert.True(WebUrl.TryParse(url, out WebUrl? parsed, out string? error), error);
        return DedupKey.Of(parsed);
    }
}
