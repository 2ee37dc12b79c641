using Mono.Unix.Native;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>
/// No log line shows a URL's password or user name, or a proxy's, at any level: runs that go
/// through each path that prints a URL, with stderr searched for the secrets. The records keep
/// the line as given: that is data, not a log.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class RedactionTests(LocalSite site) : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task CredentialsInUrlsAreInNoLogLineWhenTheirWorkersAreKilledOrTheyAreRetried()
    {
        _cli.Environment["WEBFETCH_TEST_POISON"] = "poison";
        string poison = $"http://user:pw-poison-1@127.0.0.1:{site.BaseAddress.Port}/page/1?poison";
        string refused = "http://tok-user-2@127.0.0.1:1/closed";
        string fine = $"http://user:pw-fine-3@127.0.0.1:{site.BaseAddress.Port}/page/2";

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(poison, refused, fine), "-w", "1", "-c", "1", "-v", "--retries", "1"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("worker_lost", run.RecordFor(poison).GetProperty("error").GetProperty("kind").GetString()); // the record keeps the line
        Assert.Contains($"http://***@127.0.0.1:{site.BaseAddress.Port}/page/1?poison: attempt 1 lost", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"http://***@127.0.0.1:{site.BaseAddress.Port}/page/2: dispatched", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("retrying in", run.Stderr, StringComparison.Ordinal);
        foreach (string secret in (string[])["pw-poison-1", "tok-user-2", "pw-fine-3"])
        {
            Assert.DoesNotContain(secret, run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task AWorkerKilledForSilenceIsLoggedWithTheUrlItHeldButNotItsPassword()
    {
        string held = site.CountedUrl("redaction-silent", 4000, 1).Replace("http://", "http://user:pw-held-4@", StringComparison.Ordinal);
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(held), "-w", "1", "-c", "1", "--worker-timeout", "2"]);
        Assert.True(await CliRunner.EventuallyAsync(() => site.Counter("redaction-silent").Hits == 1, TimeSpan.FromSeconds(20)), "the URL never reached the site");
        int worker = Assert.Single(run.Workers);
        Assert.Equal(0, Syscall.kill(worker, Signum.SIGSTOP));

        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(40));

        Assert.Equal(0, done.ExitCode);
        Assert.Contains($"worker {worker} silent for", done.Stderr, StringComparison.Ordinal);
        Assert.Contains("holding http://***@127.0.0.1:", done.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-held-4", done.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task AnInvalidProxyIsRefusedWithoutShowingItsPassword()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "--proxy", "ftp://proxyuser:pw-proxy-5@127.0.0.1:1"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--proxy must be a URL such as http://proxy.example:3128, not 'ftp://***@127.0.0.1:1'", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-proxy-5", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("proxyuser", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task AProxyVariableThatIsNotAUrlIsNamedWithoutItsPassword()
    {
        _cli.Environment["HTTP_PROXY"] = "ftp://proxyuser:pw-variable-6@127.0.0.1:1";

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-w", "1", "--retries", "0"]);

        Assert.Single(run.Records);
        Assert.Contains("HTTP_PROXY is set to 'ftp://***@127.0.0.1:1', which is not a proxy URL", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-variable-6", run.Stderr, StringComparison.Ordinal);
    }
}
