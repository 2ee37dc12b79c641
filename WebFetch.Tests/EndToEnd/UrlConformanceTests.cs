using System.Net;
using System.Text.Json;
using WebFetch.Tests.Support;
using WebFetch.Tests.Urls;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>
/// web-platform-tests' URL test data through the real CLI, with a capture proxy on loopback
/// seeing exactly what goes out: an http URL is requested as the URL Standard serialises it
/// (no credentials, no fragment), an https URL's CONNECT names its host and port, and a line
/// that is not an http(s) URL gets one invalid_url record and no request.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class UrlConformanceTests(UrlConformanceRun run) : IClassFixture<UrlConformanceRun>
{
    public static TheoryData<int, string> Lines()
    {
        var data = new TheoryData<int, string>();
        foreach (UrlTestCase entry in UrlTestData.AbsoluteLines)
        {
            data.Add(entry.Number, UrlTestData.Escape(entry.Input));
        }
        return data;
    }

    [Fact]
    public void EveryLineHasOneRecordInOrder()
    {
        Assert.Equal(run.Cases.Count, run.Records.Count);
        for (int i = 0; i < run.Cases.Count; i++)
        {
            Assert.Equal(Trimmed(run.Cases[i].Input), run.Records[i].GetProperty("url").GetString());
        }
    }

    [Fact]
    public void OnlyRequestableHttpUrlsReachTheProxy()
    {
        int expected = run.Cases.Count(c => c.Expected is ExpectedUrl e && CanBeRequested(e));

        Assert.Equal(expected, run.Proxy.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void ALineIsRequestedAsTheUrlStandardSerialisesIt(int number, string escapedInput)
    {
        UrlTestCase entry = run.Cases.Single(c => c.Number == number);
        Assert.Equal(escapedInput, UrlTestData.Escape(entry.Input));
        JsonElement record = run.RecordOf(number);
        string? kind = record.GetProperty("error").ValueKind == JsonValueKind.Object
            ? record.GetProperty("error").GetProperty("kind").GetString()
            : null;
        string? message = kind is null ? null : record.GetProperty("error").GetProperty("message").GetString();

        if (entry.Expected is not ExpectedUrl expected)
        {
            Assert.True(kind == "invalid_url", $"{entry}: expected invalid_url, got {record}");
            return;
        }
        if (!CanBeRequested(expected))
        {
            Assert.True(kind == "invalid_url" && message!.Contains("cannot be requested", StringComparison.Ordinal),
                $"{entry}: a valid host that System.Uri refuses should be an invalid_url record that says it cannot be requested, got {record}");
            return;
        }
        string requestUrl = RequestUrl(expected);
        Assert.True(kind != "invalid_url", $"{entry}: should be requested as {requestUrl}, got {record}");
        Assert.Equal(requestUrl, record.GetProperty("final_url").GetString());
        if (expected.Protocol == "http:")
        {
            string? title = record.GetProperty("title").GetString();
            CapturedRequest? captured = run.Proxy.ByTitle(title);
            Assert.True(captured is not null, $"{entry}: the proxy's page should be the record's title, got {record}");
            Assert.StartsWith("GET ", captured.RequestLine, StringComparison.Ordinal);
            Assert.EndsWith(" HTTP/1.1", captured.RequestLine, StringComparison.Ordinal);
            Assert.True(SameUrl(requestUrl, captured.Target, expected), $"{entry}: expected {requestUrl}, the proxy saw '{captured.RequestLine}'");
            Assert.True(SameAuthority(expected.Host, captured.Host, expected), $"{entry}: expected Host {expected.Host}, the proxy saw '{captured.Host}'");
        }
        else
        {
            string authority = expected.Hostname + ":" + (expected.Port.Length > 0 ? expected.Port : "443");
            Assert.Contains(run.Proxy.Requests, r => r.RequestLine.StartsWith("CONNECT ", StringComparison.Ordinal) && SameAuthority(authority, r.Target, expected));
        }
    }

    /// <summary>The href without credentials and fragment (an empty query keeps its <c>?</c>, which <c>search</c> does not show).</summary>
    internal static string RequestUrl(ExpectedUrl expected)
    {
        string credentials = expected.Username.Length > 0 || expected.Password.Length > 0
            ? expected.Username + (expected.Password.Length > 0 ? ":" + expected.Password : "") + "@"
            : "";
        int fragment = expected.Href.IndexOf('#', StringComparison.Ordinal);
        string withoutFragment = fragment < 0 ? expected.Href : expected.Href[..fragment];
        int prefix = (expected.Protocol + "//" + credentials + expected.Host).Length;
        return expected.Protocol + "//" + expected.Host + withoutFragment[prefix..];
    }

    /// <summary>Whether System.Uri, which HttpClient requests with, takes the host as it is.</summary>
    private static bool CanBeRequested(ExpectedUrl expected) =>
        Uri.TryCreate(expected.Protocol + "//" + expected.Host + "/", UriKind.Absolute, out Uri? uri)
        && (uri.HostNameType == UriHostNameType.IPv6 || uri.IdnHost == expected.Hostname);

    /// <summary>Equal, or for an IPv6 host equal but for how the address is written (System.Uri writes <c>[::127.0.0.1]</c> for <c>[::7f00:1]</c>).</summary>
    private static bool SameUrl(string expected, string seen, ExpectedUrl parts) =>
        expected == seen || (parts.Hostname.StartsWith('[') && Uri.TryCreate(seen, UriKind.Absolute, out Uri? uri)
            && IPAddress.Parse(uri.IdnHost).Equals(IPAddress.Parse(parts.Hostname.Trim('[', ']')))
            && seen.EndsWith(RequestUrl(parts)[(parts.Protocol.Length + 2 + parts.Host.Length)..], StringComparison.Ordinal));

    private static bool SameAuthority(string expected, string? seen, ExpectedUrl parts) =>
        expected == seen || (seen is not null && parts.Hostname.StartsWith('[') && SameUrl("http://" + expected + "/", "http://" + seen + "/", parts with { Href = parts.Protocol + "//" + parts.Host + "/", Username = "", Password = "" }));

    private static string Trimmed(string input) => input.AsSpan().Trim(C0ControlOrSpace).ToString();

    private static readonly string C0ControlOrSpace = string.Concat(Enumerable.Range(0, 0x21).Select(i => (char)i));
}
