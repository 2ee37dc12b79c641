using WebFetch.Crawl;
using WebFetch.Urls;
using Xunit;

namespace WebFetch.Tests.Crawl;

public sealed class LinkAddressesTests
{
    public static TheoryData<string> Links =>
    [
        "http://a.invalid/x.html",
        "http://a.invalid/x.html#top",
        "http://a.invalid/x.html#",
        "http://a.invalid/x.html?#q",
        "http://a.invalid/x.html?a=b#f#g",
        "http://a.invalid#f",
        "http://A.INVALID:80/./y/../x.html#method.new",
        "http://a.invalid/x.html#a%20b",
        "http://a.invalid/x.html#a b",
        "http://a.invalid/x.html#\"q\"",
        "http://a.invalid/x.html#`<>`",
        "http://a.invalid/x.html#é",
        "http://a.invalid/é.html#f",
        " http://a.invalid/x.html#f ",
        "http://a.invalid/x\t.html#f",
        "http://[::1]:99999/#f",
        "http://a.invalid:99999/#f",
        "http://a b.invalid/#f",
        "http://xn--a.invalid/#f",
        "http://%41.invalid/#f",
        "https://a.invalid/%zz#%zz",
        "not a url#f",
        "#f",
    ];

    [Theory]
    [MemberData(nameof(Links))]
    public void ALinkParsesAsTheParserParsesItWhole(string link)
    {
        var addresses = new LinkAddresses();
        string? expectedProblem = null;
        bool parses = WebUrl.TryParse(link, out WebUrl? expected, out _);
        if (parses)
        {
            RequestUri.TryCreate(expected!, out _, out expectedProblem);
        }

        for (int round = 0; round < 2; round++) // parsed, then from the table
        {
            WebUrl? url = addresses.Parse(link, out string? problem);

            Assert.Equal(expected?.Href, url?.Href);
            Assert.Equal(expected?.Fragment, url?.Fragment);
            Assert.Equal(expected?.HrefWithoutFragment, url?.HrefWithoutFragment);
            Assert.Equal(expected?.RequestUrl, url?.RequestUrl);
            Assert.Equal(expectedProblem, problem);
        }
    }

    [Fact]
    public void ManyFragmentsOfOneAddressShareItsParse()
    {
        var addresses = new LinkAddresses();

        WebUrl first = addresses.Parse("http://a.invalid/p.html#one", out _)!;
        WebUrl second = addresses.Parse("http://a.invalid/p.html#two", out _)!;

        Assert.Equal("http://a.invalid/p.html#two", second.Href);
        Assert.Equal("two", second.Fragment);
        Assert.Same(first.PathSegments, second.PathSegments);
    }

    [Fact]
    public void TheTableStaysBoundedAndStillParses()
    {
        var addresses = new LinkAddresses();

        for (int i = 0; i < Defaults.CrawlParsedAddresses * 2 + 10; i++)
        {
            Assert.Equal($"http://a.invalid/{i}#f", addresses.Parse($"http://a.invalid/{i}#f", out _)!.Href);
        }
        Assert.Equal("http://a.invalid/0", addresses.Parse("http://a.invalid/0", out _)!.Href);
    }
}
