using System.Text.Json;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>The facts about each response (<c>--fields</c>, <c>--header-out</c>, issue 19) through the real CLI and real workers.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class ResponseFieldsTests(FactsSite site) : IClassFixture<FactsSite>, IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string Url(Uri server, string path) => new Uri(server, path).AbsoluteUri;

    [Fact(Timeout = 60_000)]
    public async Task TheFieldsAskedForAreInEachRecordAndTodaysRecordIsUnchangedWithout()
    {
        string first = Url(site.First, "redirect");
        string second = Url(site.Second, "page");
        string input = _cli.WriteInput(first, second);
        CliRun plain = await _cli.RunAsync(["run", input, "-w", "2"]);
        CliRun asked = await _cli.RunAsync(["run", input, "-w", "2", "--fields", "ip,port", "--fields", "http_version,redirects", "--header-out", "X-Many"]);

        Assert.Equal(0, plain.ExitCode);
        Assert.All(plain.Records, record => Assert.DoesNotContain(
            record.EnumerateObject().Select(p => p.Name), name => name is "ip" or "port" or "http_version" or "headers" or "timing" or "redirect_chain" or "tls"));
        Assert.Equal(0, asked.ExitCode);
        JsonElement redirected = asked.RecordFor(first);
        Assert.Equal("127.0.0.1", redirected.GetProperty("ip").GetString());
        Assert.Equal(site.First.Port, redirected.GetProperty("port").GetInt32());
        Assert.Equal("1.1", redirected.GetProperty("http_version").GetString());
        Assert.Equal([(Url(site.First, "redirect"), 302), (Url(site.First, "moved"), 301)],
            redirected.GetProperty("redirect_chain").EnumerateArray().Select(hop => (hop.GetProperty("url").GetString(), hop.GetProperty("status").GetInt32())));
        Assert.Equal("""{"x-many":"one, two"}""", redirected.GetProperty("headers").GetRawText());
        Assert.False(redirected.TryGetProperty("timing", out _));
        Assert.Equal(site.Second.Port, asked.RecordFor(second).GetProperty("port").GetInt32());
    }

    [Fact(Timeout = 60_000)]
    public async Task TlsAndTimingOfAnHttpsServerAreRecorded()
    {
        string page = Url(site.Https, "page");
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(page), "-w", "1", "--insecure", "--fields", "tls,timing,body_sha256"]);

        Assert.Equal(0, run.ExitCode);
        JsonElement record = run.RecordFor(page);
        JsonElement tls = record.GetProperty("tls");
        Assert.Equal("CN=127.0.0.1", tls.GetProperty("subject").GetString());
        Assert.Equal(FactsSite.CertificateDays, tls.GetProperty("days_left").GetInt32());
        Assert.Equal(["localhost", "127.0.0.1"], tls.GetProperty("san").EnumerateArray().Select(name => name.GetString()));
        JsonElement timing = record.GetProperty("timing");
        Assert.True(timing.GetProperty("tls").GetDouble() >= timing.GetProperty("connect").GetDouble());
        Assert.True(timing.GetProperty("total").GetDouble() >= timing.GetProperty("ttfb").GetDouble());
        Assert.False(timing.GetProperty("reused").GetBoolean());
        Assert.Equal(64, record.GetProperty("body_sha256").GetString()!.Length);
    }

    [Fact(Timeout = 60_000)]
    public async Task AnUnknownFieldIsAUsageErrorThatListsTheFields()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(Url(site.First, "page")), "--fields", "ip,cookies"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.StdoutLines);
        Assert.Contains("--fields: unknown field 'cookies'; the fields are ip, port, http_version, headers, timing, redirects, body_sha256, tls, all", run.Stderr, StringComparison.Ordinal);
    }
}
