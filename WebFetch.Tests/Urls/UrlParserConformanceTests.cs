using System.Globalization;
using WebFetch.Urls;
using Xunit;

namespace WebFetch.Tests.Urls;

/// <summary>
/// The parser against web-platform-tests' URL test data: every entry whose input is an
/// absolute URL, or is resolved against an http(s) base, gives the same http(s) URL, part by
/// part, or fails where the result is a failure or not an http(s) URL.
/// </summary>
public sealed class UrlParserConformanceTests
{
    public static TheoryData<int, string> Entries()
    {
        var data = new TheoryData<int, string>();
        foreach (UrlTestCase entry in UrlTestData.Relevant)
        {
            data.Add(entry.Number, UrlTestData.Escape(entry.Input));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void AnEntryParsesAsTheUrlStandardSays(int number, string escapedInput)
    {
        UrlTestCase entry = UrlTestData.Relevant.Single(c => c.Number == number);
        Assert.Equal(escapedInput, UrlTestData.Escape(entry.Input));
        WebUrl? baseUrl = null;
        if (entry.Base is not null)
        {
            Assert.True(WebUrl.TryParse(entry.Base, out baseUrl, out string? baseError), baseError);
        }

        bool parsed = WebUrl.TryParse(entry.Input, baseUrl, out WebUrl? url, out string? error);

        if (entry.Expected is not ExpectedUrl expected)
        {
            Assert.False(parsed, $"{entry} should fail (or not be http(s)) but gave {url?.Href}");
            Assert.False(string.IsNullOrWhiteSpace(error));
            return;
        }
        Assert.True(parsed, $"{entry} should give {expected.Href} but failed: {error}");
        Assert.Equal(expected.Href, url!.Href);
        Assert.Equal(expected.Protocol, url.Scheme + ":");
        Assert.Equal(expected.Username, url.Username);
        Assert.Equal(expected.Password, url.Password);
        Assert.Equal(expected.Host, url.Authority);
        Assert.Equal(expected.Hostname, url.Host);
        Assert.Equal(expected.Port, url.Port?.ToString(CultureInfo.InvariantCulture) ?? "");
        Assert.Equal(expected.Pathname, url.Path);
        Assert.Equal(expected.Search, string.IsNullOrEmpty(url.Query) ? "" : "?" + url.Query);
        Assert.Equal(expected.Hash, string.IsNullOrEmpty(url.Fragment) ? "" : "#" + url.Fragment);
        Assert.True(WebUrl.TryParse(url.Href, out WebUrl? again, out _), "the serialisation parses again");
        Assert.Equal(url.Href, again.Href);
    }
}
