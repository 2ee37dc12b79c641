using System.Text.Json;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>
/// URL lines and redirects through the real CLI and a capture proxy on loopback: what a
/// browser opens is requested, byte for byte as the URL Standard serialises it, and what it
/// rejects is an invalid_url record that says why.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class UrlLineTests : IAsyncLifetime, IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly CaptureProxy _proxy = new();

    public Task InitializeAsync() => _proxy.InitializeAsync();

    public Task DisposeAsync() => _proxy.DisposeAsync();

    public void Dispose()
    {
        _proxy.Dispose();
        _cli.Dispose();
    }

    [Fact(Timeout = 90_000)]
    public async Task LinesAreRequestedAsBrowsersWouldRequestThem()
    {
        string[] lines =
        [
            "http:@www.example.test",
            "http://example.test/foo%2zbar?x=%zz",
            "http://user:pa%40ss@example.test/secret#part",
            "http://0x7f.1:8080/a/./b/../c",
            "http://ä.-b./x",
            "https:/example.test/",
            "https://%e2%98%83",
        ];
        CliRun run = await RunAsync(lines);

        Assert.Equal(lines.Length, run.Records.Count);
        AssertRequested(run, lines[0], "http://www.example.test/", "www.example.test");
        AssertRequested(run, lines[1], "http://example.test/foo%2zbar?x=%zz", "example.test");
        AssertRequested(run, lines[2], "http://example.test/secret", "example.test");
        AssertRequested(run, lines[3], "http://127.0.0.1:8080/a/c", "127.0.0.1:8080");
        AssertRequested(run, lines[4], "http://xn--4ca.-b./x", "xn--4ca.-b.");
        Assert.Equal("https://example.test/", run.RecordFor(lines[5]).GetProperty("final_url").GetString());
        Assert.Equal("https://xn--n3h/", run.RecordFor(lines[6]).GetProperty("final_url").GetString());
        Assert.Contains(_proxy.Requests, r => r.RequestLine == "CONNECT example.test:443 HTTP/1.1");
        Assert.Contains(_proxy.Requests, r => r.RequestLine == "CONNECT xn--n3h:443 HTTP/1.1");
        Assert.All(_proxy.Requests, r => Assert.True(IsPrintableAscii(r.RequestLine) && IsPrintableAscii(r.Host ?? ""), r.ToString()));
    }

    [Fact(Timeout = 90_000)]
    public async Task LinesTheStandardRejectsAreInvalidAndNotRequested()
    {
        (string Line, string Problem)[] cases =
        [
            ("http://1.2.3.08", "invalid IPv4 address '1.2.3.08'"),
            ("http://256.0.0.1/", "invalid IPv4 address '256.0.0.1'"),
            ("http://exa mple.test/", "host 'exa mple.test'"),
            ("ftp://example.test/", "scheme 'ftp' is not http or https"),
            ("http://example.test:99999/", "out of range"),
            ("http://a~b.test/", "is valid in a URL but cannot be requested"),
        ];
        CliRun run = await RunAsync([.. cases.Select(c => c.Line)]);

        Assert.Equal(cases.Length, run.Records.Count);
        foreach ((string line, string problem) in cases)
        {
            JsonElement error = run.RecordFor(line).GetProperty("error");
            Assert.Equal("invalid_url", error.GetProperty("kind").GetString());
            Assert.Contains(problem, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        Assert.Empty(_proxy.Requests);
    }

    [Fact(Timeout = 90_000)]
    public async Task RedirectsAreResolvedAsBrowsersResolveThem()
    {
        _proxy.Redirect("http://start.test/a/b", "//other.test/b%2zc?q=%zz#f");
        _proxy.Redirect("http://start.test/dots/b", "/x/../y/%2e%2e/z");
        _proxy.Redirect("http://start.test/utf8", "/ü");
        _proxy.Redirect("http://start.test/ipv4", "http://1.2.3.08/");
        _proxy.Redirect("http://start.test/ftp", "ftp://example.test/");
        _proxy.Redirect("http://start.test/tilde", "http://a~b.test/");
        string[] lines = ["http://start.test/a/b", "http://start.test/dots/b", "http://start.test/utf8", "http://start.test/ipv4", "http://start.test/ftp", "http://start.test/tilde"];

        CliRun run = await RunAsync(lines);

        AssertRequested(run, lines[0], "http://other.test/b%2zc?q=%zz", "other.test");
        AssertRequested(run, lines[1], "http://start.test/z", "start.test");
        AssertRequested(run, lines[2], "http://start.test/%C3%BC", "start.test");
        AssertRedirectFailed(run, lines[3], "invalid IPv4 address '1.2.3.08'");
        AssertRedirectFailed(run, lines[4], "scheme 'ftp' is not http or https");
        AssertRedirectFailed(run, lines[5], "is valid in a URL but cannot be requested");
        Assert.Equal(lines.Length + 3, _proxy.Requests.Count);
    }

    private Task<CliRun> RunAsync(string[] lines) =>
        _cli.RunAsync(["run", _cli.WriteInput(lines), "--proxy", _proxy.Url, "--retries", "0", "-q"]);

    private void AssertRequested(CliRun run, string line, string requestUrl, string host)
    {
        JsonElement record = run.RecordFor(line);
        Assert.Equal(requestUrl, record.GetProperty("final_url").GetString());
        CapturedRequest? captured = _proxy.ByTitle(record.GetProperty("title").GetString());
        Assert.True(captured is not null, $"{line}: no page from the proxy in {record}");
        Assert.Equal($"GET {requestUrl} HTTP/1.1", captured.RequestLine);
        Assert.Equal(host, captured.Host);
    }

    private static void AssertRedirectFailed(CliRun run, string line, string problem)
    {
        JsonElement record = run.RecordFor(line);
        JsonElement error = record.GetProperty("error");
        Assert.Equal("too_many_redirects", error.GetProperty("kind").GetString());
        Assert.Contains(problem, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(line, record.GetProperty("final_url").GetString());
    }

    private static bool IsPrintableAscii(string text) => text.All(c => c is >= ' ' and <= '~');
}
