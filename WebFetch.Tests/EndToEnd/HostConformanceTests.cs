using System.Text.Json;
using WebFetch.Tests.Support;
using WebFetch.Tests.Urls.Idna;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>
/// web-platform-tests' IDNA data through the real CLI and a capture proxy on loopback: a host the
/// URL Standard maps is requested with exactly the ASCII host it expects, in the request line and
/// the Host header; a host it rejects is one invalid_url record and no request.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class HostConformanceTests(HostConformanceRun run) : IClassFixture<HostConformanceRun>
{
    public static TheoryData<string, int> Cases() => HostConformanceRun.Cases();

    [Fact]
    public void EveryLineHasOneRecordInOrder()
    {
        Assert.Equal(run.Lines.Count, run.Records.Count);
        for (int i = 0; i < run.Lines.Count; i++)
        {
            // An invalid line is echoed cut to its first 200 characters.
            string line = run.Lines[i].Line.Trim();
            string url = run.Records[i].GetProperty("url").GetString()!;
            Assert.Equal(line[..Math.Min(line.Length, 150)], url[..Math.Min(url.Length, 150)]);
        }
    }

    [Fact]
    public void OnlyHostsTheStandardAcceptsReachTheProxy()
    {
        int expected = run.Lines.Count(l => l.Output is not null && CanBeRequested(l.Output));

        Assert.Equal(expected, run.Proxy.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AHostIsRequestedAsTheUrlStandardMapsIt(string file, int index)
    {
        HostLine line = run.Lines.Single(l => l.File == file && l.Index == index);
        JsonElement record = run.RecordOf(file, index);
        JsonElement error = record.GetProperty("error");
        string? kind = error.ValueKind == JsonValueKind.Object ? error.GetProperty("kind").GetString() : null;
        string context = $"{file} #{index}: {WptIdnaCases.Escape(line.Input)} expected {WptIdnaCases.Escape(line.Output)}, got {WptIdnaCases.Escape(record.ToString())}";

        if (line.Output is null)
        {
            Assert.True(kind == "invalid_url", context);
            return;
        }
        if (!CanBeRequested(line.Output))
        {
            Assert.True(kind == "invalid_url" && error.GetProperty("message").GetString()!.Contains("cannot be requested", StringComparison.Ordinal), context);
            return;
        }
        string expected = "http://" + line.Output + "/x";
        Assert.True(kind is null, context);
        Assert.True(record.GetProperty("final_url").GetString() == expected, context);
        CapturedRequest? captured = run.Proxy.ByTitle(record.GetProperty("title").GetString());
        Assert.True(captured is not null, context);
        Assert.True(captured.RequestLine == $"GET {expected} HTTP/1.1", $"{context}; the proxy saw '{WptIdnaCases.Escape(captured.RequestLine)}'");
        Assert.True(captured.Host == line.Output, $"{context}; the proxy saw Host '{WptIdnaCases.Escape(captured.Host)}'");
    }

    /// <summary>Whether System.Uri, which HttpClient requests with, takes the host as it is.</summary>
    private static bool CanBeRequested(string host) =>
        Uri.TryCreate("http://" + host + "/", UriKind.Absolute, out Uri? uri) && uri.IdnHost == host;
}
