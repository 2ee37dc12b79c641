using WebFetch.Crawl;
using Xunit;

namespace WebFetch.Tests.Crawl;

public sealed class RobotsPathTests
{
    [Theory]
    [InlineData("/a/b?c=d&e=f", "/a/b?c=d&e=f")]
    [InlineData("/%62%61%7A", "/baz")]
    [InlineData("/%7e%2D%2e%5F", "/~-._")]
    [InlineData("%aa", "%AA")]
    [InlineData("/a%2fb", "/a%2Fb")]
    [InlineData("/a%2Fb", "/a%2Fb")]
    [InlineData("á", "%C3%A1")]
    [InlineData("/ツ", "/%E3%83%84")]
    [InlineData("/%", "/%25")]
    [InlineData("/%zz", "/%25zz")]
    [InlineData("/%a", "/%25a")]
    [InlineData("/a b\t", "/a%20b%09")]
    [InlineData("/\"<>\\^`{|}", "/%22%3C%3E%5C%5E%60%7B%7C%7D")]
    [InlineData("/%7B%7d", "/%7B%7D")]
    [InlineData("/*.php$", "/*.php$")]
    [InlineData("/%2A%24", "/%2A%24")]
    [InlineData(":/?#[]@!$&'()*+,;=", ":/?#[]@!$&'()*+,;=")]
    public void PathsAndPatternsHaveOneSpelling(string input, string normal)
    {
        Assert.Equal(normal, RobotsPath.Normalize(input));
    }

    [Fact]
    public void APathInNormalFormIsTakenAsItIs()
    {
        string path = "/docs/std/index.html?q=a+b&x=*";

        Assert.Same(path, RobotsPath.Normalize(path));
    }

    [Fact]
    public void InvalidUtf8BytesAreEncodedAsTheyAre()
    {
        Assert.Equal("/caf%E9%FF", RobotsPath.Normalize([.. "/caf"u8, 0xE9, 0xFF]));
    }
}
