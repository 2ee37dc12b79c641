using WebFetch.Crawl;
using WebFetch.Urls;
using Xunit;
using static WebFetch.Tests.Crawl.CrawlTesting;

namespace WebFetch.Tests.Crawl;

public sealed class CrawlScopeTests
{
    private static CrawlScope Scope(ScopeKind kind, string start, string[]? include = null, string[]? exclude = null) =>
        new(kind, [Url(start)], include ?? [], exclude ?? []);

    [Fact]
    public void ThePrefixScopeKeepsTheDirectoryOfTheStartPathOnItsOrigin()
    {
        CrawlScope scope = Scope(ScopeKind.Prefix, "http://127.0.0.1:8080/docs/std/index.html");

        Assert.True(scope.Contains(Url("http://127.0.0.1:8080/docs/std/vec/struct.Vec.html")));
        Assert.True(scope.Contains(Url("http://127.0.0.1:8080/docs/std/")));
        Assert.False(scope.Contains(Url("http://127.0.0.1:8080/docs/core/index.html")));
        Assert.False(scope.Contains(Url("http://127.0.0.1:9090/docs/std/index.html")));
        Assert.False(scope.Contains(Url("https://127.0.0.1:8080/docs/std/index.html")));
    }

    [Fact]
    public void TheHostScopeKeepsEveryPathOfTheHostAndPort()
    {
        CrawlScope scope = Scope(ScopeKind.Host, "http://site.invalid/docs/index.html");

        Assert.True(scope.Contains(Url("http://site.invalid/other/page.html")));
        Assert.True(scope.Contains(Url("https://site.invalid:80/")));
        Assert.False(scope.Contains(Url("http://sub.site.invalid/")));
        Assert.False(scope.Contains(Url("http://site.invalid:8080/")));
    }

    [Fact]
    public void TheDomainScopeKeepsSubdomainsAndDropsALeadingWww()
    {
        CrawlScope scope = Scope(ScopeKind.Domain, "https://www.site.invalid/");

        Assert.True(scope.Contains(Url("https://site.invalid/a")));
        Assert.True(scope.Contains(Url("http://docs.site.invalid:8080/b")));
        Assert.False(scope.Contains(Url("https://othersite.invalid/")));
        Assert.False(scope.Contains(Url("https://site.invalid.evil.invalid/")));
    }

    [Fact]
    public void AnIpAddressIsItsOwnDomain()
    {
        CrawlScope scope = Scope(ScopeKind.Domain, "http://127.0.0.1/");

        Assert.True(scope.Contains(Url("http://127.0.0.1:9000/x")));
        Assert.False(scope.Contains(Url("http://127.0.0.2/")));
    }

    [Fact]
    public void IncludeNarrowsAndExcludeRemoves()
    {
        CrawlScope scope = Scope(ScopeKind.Host, "http://site.invalid/", include: ["/docs/", "/blog/"], exclude: [@"\.pdf$"]);

        Assert.True(scope.Contains(Url("http://site.invalid/docs/a.html")));
        Assert.True(scope.Contains(Url("http://site.invalid/blog/a.html#part")));
        Assert.False(scope.Contains(Url("http://site.invalid/shop/a.html")));
        Assert.False(scope.Contains(Url("http://site.invalid/docs/a.pdf")));
    }

    [Fact]
    public void APatternIsMatchedWithoutTheFragment()
    {
        CrawlScope scope = Scope(ScopeKind.Host, "http://site.invalid/", exclude: ["#private$"]);

        Assert.True(scope.Contains(Url("http://site.invalid/a.html#private")));
    }

    [Fact]
    public void AHostilePatternRunsInTimeLinearInTheUrl()
    {
        CrawlScope scope = Scope(ScopeKind.Host, "http://site.invalid/", include: ["^(a+)+$"]);
        string url = "http://site.invalid/" + new string('a', 5000) + "!";

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(scope.Contains(Url(url)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void APatternWithABackreferenceIsRefusedNamingItsOption()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => CrawlScope.Compile("--exclude", @"(a)\1"));

        Assert.Contains("--exclude '(a)\\1'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/docs/std/index.html", "/docs/std/")]
    [InlineData("/docs/std/", "/docs/std/")]
    [InlineData("/", "/")]
    public void TheDirectoryOfAPathEndsAtItsLastSlash(string path, string directory) =>
        Assert.Equal(directory, CrawlScope.DirectoryOf(path));
    [Theory]
    [InlineData("https://play.rust-lang.org/?code=fn%20main()%7B%7D&edition=2021", true)]
    [InlineData("http://other.invalid:8080/x#y", true)]
    [InlineData("http://sub.site.invalid/", true)]
    [InlineData("http://site.invalid/elsewhere/page.html", false)] // its host: parsed, placed by its path
    [InlineData("http://site.invalid:8080/", false)]
    [InlineData("http://127.1/", false)] // ends in a number: an IPv4 address in another form
    [InlineData("http://other.0x7f/", false)]
    [InlineData("http://Other.invalid/", false)] // the parser lower-cases it: not read here
    [InlineData("http://xn--nxasmq6b.invalid/", false)]
    [InlineData("http://a..b/", false)]
    [InlineData("http://other.invalid./", false)]
    [InlineData("http://user@other.invalid/", false)]
    [InlineData("http://other.invalid:99999/", false)]
    [InlineData("http://other.invalid:/", false)]
    [InlineData("http://a~b.invalid/", false)]
    [InlineData("ftp://other.invalid/", false)]
    [InlineData("//other.invalid/", false)]
    public void ALinkIsSurelyOutsideOnlyWhenItsHostTextLeavesNoDoubt(string link, bool outside)
    {
        CrawlScope scope = Scope(ScopeKind.Prefix, "http://site.invalid/docs/index.html");

        Assert.Equal(outside, scope.SurelyOutside(link));
        if (outside)
        {
            Assert.False(scope.Contains(Url(link)));
        }
    }

    [Fact]
    public void WithTheDomainScopeASubdomainIsNotSurelyOutside()
    {
        CrawlScope scope = Scope(ScopeKind.Domain, "https://www.site.invalid/");

        Assert.False(scope.SurelyOutside("http://docs.site.invalid/a"));
        Assert.False(scope.SurelyOutside("http://site.invalid/a"));
        Assert.True(scope.SurelyOutside("http://othersite.invalid/a"));
    }
}
