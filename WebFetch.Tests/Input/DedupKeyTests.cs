using WebFetch.Input;
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
        Assert.Equal(DedupKey.Of(new Uri(one)), DedupKey.Of(new Uri(other)));
    }

    [Theory]
    [InlineData("http://example.test/a", "https://example.test/a")]
    [InlineData("http://example.test/a", "http://example.test/A")]
    [InlineData("http://example.test/a?q=1", "http://example.test/a?q=2")]
    [InlineData("http://alice@example.test/a", "http://bob@example.test/a")]
    [InlineData("http://bücher.example/a", "http://bucher.example/a")]
    public void DifferentFetchesHaveDifferentKeys(string one, string other)
    {
        Assert.NotEqual(DedupKey.Of(new Uri(one)), DedupKey.Of(new Uri(other)));
    }

    [Fact]
    public void AUnicodeHostKeepsItsUserPortPathAndQuery()
    {
        Assert.Equal("http://u:p@xn--bcher-kva.example:8080/a%20b?q=%C3%BC", DedupKey.Of(new Uri("http://u:p@bücher.example:8080/a b?q=ü#frag")));
    }
}
