using WebFetch.Urls;
using Xunit;

namespace WebFetch.Tests.Urls;

/// <summary>The forms named in the issue on URL lines, and the parser's parts one by one.</summary>
public sealed class WebUrlTests
{
    [Theory]
    [InlineData("https:/example.com/", "https://example.com/")]
    [InlineData("https:example.com", "https://example.com/")]
    [InlineData("http:@www.example.com", "http://www.example.com/")]
    [InlineData("https://%e2%98%83", "https://xn--n3h/")]
    [InlineData("http://example.com/foo%2zbar?x=%zz", "http://example.com/foo%2zbar?x=%zz")]
    [InlineData("HTTP://EXAMPLE.com:80/", "http://example.com/")]
    [InlineData("https://example.com:443/", "https://example.com/")]
    [InlineData("http://example.com:0443/", "http://example.com:443/")]
    [InlineData("http:\\\\example.com\\a\\b", "http://example.com/a/b")]
    [InlineData("  http://example.com/\t\n ", "http://example.com/")]
    [InlineData("http://exa\tmple.com/", "http://example.com/")]
    public void FormsBrowsersOpenAreUrls(string input, string href)
    {
        Assert.True(WebUrl.TryParse(input, out WebUrl? url, out string? error), error);
        Assert.Equal(href, url.Href);
    }

    [Theory]
    [InlineData("http://1.2.3.08", "invalid IPv4 address '1.2.3.08'")]
    [InlineData("http://256.0.0.1", "invalid IPv4 address '256.0.0.1'")]
    [InlineData("http://1.2.3.4.5", "invalid IPv4 address '1.2.3.4.5'")]
    [InlineData("http://0x100000000/", "invalid IPv4 address '0x100000000'")]
    [InlineData("ftp://example.com/", "scheme 'ftp' is not http or https")]
    [InlineData("javascript:alert(1)", "scheme 'javascript' is not http or https")]
    [InlineData("example.com/page", "not an absolute URL")]
    [InlineData("http://", "no host")]
    [InlineData("http://user@/", "no host")]
    [InlineData("http://example.com:65536/", "out of range")]
    [InlineData("http://example.com:8o/", "port is not a number")]
    [InlineData("http://exa mple.com/", "host 'exa mple.com'")]
    [InlineData("http://exa%20mple.com/", "host 'exa%20mple.com'")]
    [InlineData("http://a<b/", "'<'")]
    [InlineData("http://[::1/", "no closing ']'")]
    [InlineData("http://[1:2:3:4:5:6:7:8:9]/", "invalid IPv6 address")]
    [InlineData("http://[::1.2.3.08]/", "invalid IPv6 address")]
    public void WhatTheStandardRejectsIsNamedInPlainWords(string input, string problem)
    {
        Assert.False(WebUrl.TryParse(input, out _, out string? error));
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0x7f.1/", "127.0.0.1")]
    [InlineData("http://0177.0.0.1/", "127.0.0.1")]
    [InlineData("http://2130706433/", "127.0.0.1")]
    [InlineData("http://127.1./", "127.0.0.1")]
    [InlineData("http://0x/", "0.0.0.0")]
    [InlineData("http://example.0x1/", null)]
    [InlineData("http://1.2.3.4x/", "1.2.3.4x")]
    public void AHostThatEndsInANumberIsAnIpv4Address(string input, string? host)
    {
        bool parsed = WebUrl.TryParse(input, out WebUrl? url, out _);

        Assert.Equal(host is not null, parsed);
        Assert.Equal(host, url?.Host);
    }

    [Theory]
    [InlineData("http://[0:0:0:0:0:0:0:1]/", "[::1]")]
    [InlineData("http://[2001:DB8:0:0:1:0:0:1]/", "[2001:db8::1:0:0:1]")]
    [InlineData("http://[::ffff:192.0.2.1]/", "[::ffff:c000:201]")]
    [InlineData("http://[1:0::]/", "[1::]")]
    [InlineData("http://[0:1:0:1:0:1:0:1]/", "[0:1:0:1:0:1:0:1]")]
    public void AnIpv6AddressIsWrittenCompressedInLowerCase(string input, string host)
    {
        Assert.True(WebUrl.TryParse(input, out WebUrl? url, out string? error), error);
        Assert.Equal(host, url.Host);
    }

    [Theory]
    [InlineData("http://h/a/./b/../c", "/a/c")]
    [InlineData("http://h/a/%2e/b/%2E%2e/c", "/a/c")]
    [InlineData("http://h/a/.%2e", "/")]
    [InlineData("http://h/a/b/..", "/a/")]
    [InlineData("http://h/../../x", "/x")]
    [InlineData("http://h/a b\"<>`{}^|", "/a%20b%22%3C%3E%60%7B%7D%5E|")]
    [InlineData("http://h/ü€😀", "/%C3%BC%E2%82%AC%F0%9F%98%80")]
    public void PathsLoseDotSegmentsAndEncodeThePathSet(string input, string path)
    {
        Assert.True(WebUrl.TryParse(input, out WebUrl? url, out string? error), error);
        Assert.Equal(path, url.Path);
    }

    [Fact]
    public void QueryFragmentAndUserinfoUseTheirOwnSets()
    {
        Assert.True(WebUrl.TryParse("http://us er:p@ss:w@h/?a b'\"<>`{}#f g'\"<>`", out WebUrl? url, out string? error), error);

        Assert.Equal("a%20b%27%22%3C%3E`{}", url.Query);
        Assert.Equal("f%20g'%22%3C%3E%60", url.Fragment);
        Assert.Equal("us%20er", url.Username);
        Assert.Equal("p%40ss%3Aw", url.Password);
    }

    [Fact]
    public void TheRequestUrlHasNoCredentialsAndNoFragment()
    {
        Assert.True(WebUrl.TryParse("http://user:secret@example.com:8080/a?b#c", out WebUrl? url, out string? error), error);

        Assert.Equal("http://user:secret@example.com:8080/a?b#c", url.Href);
        Assert.Equal("http://example.com:8080/a?b", url.RequestUrl);
        Assert.Equal("/a?b", url.PathAndQuery);
        Assert.Equal(8080, url.EffectivePort);
    }

    [Theory]
    [InlineData("//other.test/b%2zc?q=%zz#f", "http://other.test/b%2zc?q=%zz#f")]
    [InlineData("/x/../y/%2e%2e/z", "http://base.test/z")]
    [InlineData("c", "http://base.test/a/c")]
    [InlineData("?q", "http://base.test/a/b?q")]
    [InlineData("#f", "http://base.test/a/b#f")]
    [InlineData("", "http://base.test/a/b")]
    [InlineData("\\\\other.test\\x", "http://other.test/x")]
    [InlineData("http:c", "http://base.test/a/c")]
    [InlineData("https:c", "https://c/")]
    [InlineData("/ü", "http://base.test/%C3%BC")]
    public void ARelativeReferenceIsResolvedAgainstItsBase(string input, string href)
    {
        Assert.True(WebUrl.TryParse("http://base.test/a/b", out WebUrl? baseUrl, out string? baseError), baseError);

        Assert.True(WebUrl.TryParse(input, baseUrl, out WebUrl? url, out string? error), error);
        Assert.Equal(href, url.Href);
    }

    [Theory]
    [InlineData("http://a~b.com/")]
    [InlineData("http://!$&'()*+,;=.com/")]
    [InlineData("http://a..b/")]
    public void AValidHostThatSystemUriRefusesCannotBeRequested(string input)
    {
        Assert.True(WebUrl.TryParse(input, out WebUrl? url, out string? error), error);

        Assert.False(RequestUri.TryCreate(url, out _, out string? problem));
        Assert.Contains("is valid in a URL but cannot be requested", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://example.com/foo%2zbar?x=%zz{|}`\\")]
    [InlineData("http://[::1]:8080/a%20b")]
    [InlineData("https://xn--n3h/")]
    [InlineData("http://x_y.example/")]
    public void TheRequestUriKeepsHostPathAndQueryAsSerialised(string input)
    {
        Assert.True(WebUrl.TryParse(input, out WebUrl? url, out string? error), error);

        Assert.True(RequestUri.TryCreate(url, out Uri? uri, out string? problem), problem);
        Assert.Equal(url.PathAndQuery, uri.PathAndQuery);
        Assert.Equal(url.EffectivePort, uri.Port);
    }
}
