using System.Text.Json;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>The fetch options through the real CLI and real workers: proxy from the environment, selections, retries, hostile pages, usage errors.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class FetchOptionTests(FetchSite site) : IClassFixture<FetchSite>, IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task ProxyFromTheEnvironmentIsUsedAndNoProxyIsHonoured()
    {
        _cli.Environment["HTTP_PROXY"] = site.ProxyAddress.AbsoluteUri;
        _cli.Environment["NO_PROXY"] = "bypassed.invalid";
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput("http://site.invalid/page", "http://bypassed.invalid/page"), "-w", "1"]);

        JsonElement proxied = run.RecordFor("http://site.invalid/page");
        Assert.Equal(200, proxied.GetProperty("status").GetInt32());
        Assert.Equal("proxied site.invalid/page", proxied.GetProperty("title").GetString());
        Assert.Equal("dns", run.RecordFor("http://bypassed.invalid/page").GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(1, run.ExitCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task AProxyVariableThatIsNotAUrlIsNamedOnStderr()
    {
        _cli.Environment["HTTP_PROXY"] = "::::";
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-w", "1"]);

        Assert.Equal(0, run.ExitCode); // the request went direct, as .NET sends it
        Assert.Contains("HTTP_PROXY is set to '::::', which is not a proxy URL", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task SelectionsAndLinkUrlsAppearOnlyWhenAskedFor()
    {
        string input = _cli.WriteInput(site.Url("select"));
        CliRun plain = await _cli.RunAsync(["run", input, "-w", "1"]);
        CliRun asked = await _cli.RunAsync(["run", input, "-w", "1", "--select", "h=h2.t", "--select", "src=img@src", "--links"]);

        Assert.False(plain.Records[0].TryGetProperty("select", out _));
        Assert.False(plain.Records[0].TryGetProperty("link_urls", out _));
        JsonElement record = asked.Records[0];
        Assert.Equal(["First heading", "Second bold heading"], record.GetProperty("select").GetProperty("h").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["/a.png", "b.png"], record.GetProperty("select").GetProperty("src").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, record.GetProperty("link_urls").GetArrayLength());
        Assert.Equal(0, asked.ExitCode);
    }

    [Fact(Timeout = 90_000)]
    public async Task APageWithThousandsOfLinksListsThemAllAndAHostileOneSaysItsListIsTruncated()
    {
        string thousands = site.Url("many-links/2077"); // the standard library index of a real documentation site
        string hostile = site.Url("many-links/100000");
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(thousands, hostile), "-w", "1", "--links"], timeout: TimeSpan.FromSeconds(80));

        Assert.Equal(0, run.ExitCode);
        JsonElement all = run.RecordFor(thousands);
        Assert.Equal(2077, all.GetProperty("link_urls").GetArrayLength());
        Assert.Equal(site.Url("l/2076"), all.GetProperty("link_urls")[2076].GetString());
        Assert.False(all.TryGetProperty("links_truncated", out _));

        JsonElement cut = run.RecordFor(hostile);
        Assert.Equal(100_000, cut.GetProperty("links").GetInt32());
        Assert.True(cut.GetProperty("links_truncated").GetBoolean());
        int listed = cut.GetProperty("link_urls").GetArrayLength();
        Assert.InRange(listed, 10_000, 99_999);
        Assert.Equal(site.Url($"l/{listed - 1}"), cut.GetProperty("link_urls")[listed - 1].GetString()); // the first ones, in document order
        Assert.Equal(JsonValueKind.Null, cut.GetProperty("error").ValueKind);
        Assert.True(run.StdoutLines.Single(l => l.Contains("\"links_truncated\"", StringComparison.Ordinal)).Length < 4 << 20);
    }

    [Fact(Timeout = 60_000)]
    public async Task ServiceUnavailableThenOkIsOneRecordWithTwoAttempts()
    {
        string url = site.Url($"flaky/{Guid.NewGuid():N}/1/503");
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(url), "-w", "1"]);

        Assert.Equal(200, run.RecordFor(url).GetProperty("status").GetInt32());
        Assert.Equal(2, run.RecordFor(url).GetProperty("attempts").GetInt32());
        Assert.Equal(0, run.ExitCode);
    }

    [Fact(Timeout = 90_000)]
    public async Task HostilePagesNeitherKillNorHoldAWorker()
    {
        string[] paths = ["hostile/nested", "hostile/title", "hostile/nul", "hostile/empty", "hostile/binary", "page/1"];
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(paths.Select(site.Url).ToArray()), "-w", "1"], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(paths.Length, run.Records.Count);
        Assert.DoesNotContain(run.Records, r => r.GetProperty("error").ValueKind != JsonValueKind.Null
            && r.GetProperty("error").GetProperty("kind").GetString() == "worker_lost");
        JsonElement nested = run.RecordFor(site.Url("hostile/nested"));
        Assert.Equal("timeout", nested.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(200, nested.GetProperty("status").GetInt32());
        Assert.Single(run.Records.Select(r => r.GetProperty("worker").GetInt32()).Distinct()); // the same worker served them all
        Assert.Equal("Page 1", run.RecordFor(site.Url("page/1")).GetProperty("title").GetString());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("--header", "Content-Type: text/plain", "GET has none")]
    [InlineData("--header", "no colon here", "Name: value")]
    [InlineData("--select", "t=h1[", "not a valid CSS selector")]
    [InlineData("--select", "just-css", "NAME=CSS")]
    [InlineData("--proxy", "not a url", "--proxy")]
    [InlineData("--retries", "-1", "--retries")]
    public async Task BadFetchOptionsAreUsageErrors(string option, string value, string message)
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), option, value]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
    }

    [Fact(Timeout = 60_000)]
    public async Task TheDefaultUserAgentCarriesTheVersionThatVersionShows()
    {
        CliRun version = await _cli.RunAsync(["--version"]);
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("headers")), "-w", "1"]);

        string shown = Assert.Single(version.StdoutLines).Split('+')[0]; // 0.1.0+commit
        Assert.Matches(@"^\d+\.\d+\.\d+$", shown);
        Assert.Equal($"|webfetch/{shown}", run.Records[0].GetProperty("title").GetString()); // X-Token|User-Agent
    }

    [Fact(Timeout = 30_000)]
    public async Task HelpListsTheFetchOptions()
    {
        CliRun run = await _cli.RunAsync(["run", "--help"]);

        string help = string.Join('\n', run.StdoutLines);
        foreach (string option in new[] { "--header", "--proxy", "--insecure", "--retries", "--select", "--links" })
        {
            Assert.Contains(option, help, StringComparison.Ordinal);
        }
        Assert.Contains("[default: csv for a .csv output file, text when stdout is a terminal, else jsonl]", help, StringComparison.Ordinal); // as typed, not the enum's name
        Assert.DoesNotContain("Jsonl", help, StringComparison.Ordinal);
    }
}
