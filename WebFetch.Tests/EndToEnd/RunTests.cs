using Mono.Unix.Native;
using System.Text.Json;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>The main path: the real CLI, real worker processes, a real HTTP server on loopback.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class RunTests(LocalSite site) : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 90_000)]
    public async Task EveryPageYieldsOneRecordWithItsTitle()
    {
        string[] urls = Enumerable.Range(1, 12).Select(n => site.Url($"page/{n}")).ToArray();
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(urls), "--workers", "3"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(urls.Length, run.Records.Count);
        for (int n = 1; n <= urls.Length; n++)
        {
            JsonElement record = run.RecordFor(site.Url($"page/{n}"));
            Assert.Equal(200, record.GetProperty("status").GetInt32());
            Assert.Equal(LocalSite.TitleOf(n), record.GetProperty("title").GetString());
            Assert.Equal($"Description of page {n}", record.GetProperty("description").GetString());
            Assert.Equal("en", record.GetProperty("lang").GetString());
            Assert.Equal(site.Url($"page/{n}"), record.GetProperty("canonical").GetString());
            Assert.Equal(3, record.GetProperty("links").GetInt32());
            Assert.Equal("text/html", record.GetProperty("content_type").GetString());
            Assert.True(record.GetProperty("length").GetInt64() > 100);
            Assert.Equal(JsonValueKind.Null, record.GetProperty("error").ValueKind);
            Assert.Equal(1, record.GetProperty("attempts").GetInt32());
        }
        // three real workers shared the work, and all of them are gone
        Assert.InRange(run.Records.Select(r => r.GetProperty("worker").GetInt32()).Distinct().Count(), 1, 3);
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task EachLineOfAFileWithLoneCrLineEndsGetsItsRecord()
    {
        string input = Path.Combine(_cli.TempDirectory, "old-mac.txt");
        File.WriteAllText(input, $"{site.Url("page/1")}\rnot a url\r{site.Url("page/2")}\r\n{site.Url("page/3")}\r");

        CliRun run = await _cli.RunAsync(["run", input, "-w", "2", "--retries", "0"]);

        Assert.Equal(4, run.Records.Count);
        for (int n = 1; n <= 3; n++)
        {
            Assert.Equal(LocalSite.TitleOf(n), run.RecordFor(site.Url($"page/{n}")).GetProperty("title").GetString());
        }
        JsonElement invalid = run.RecordFor("not a url");
        Assert.EndsWith($"({input} line 2)", invalid.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task AnIpv4MappedIpv6LiteralReachesTheIpv4Server()
    {
        string url = $"http://[::ffff:127.0.0.1]:{site.BaseAddress.Port}/page/1";

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(url), "-w", "1", "--retries", "0"]);

        JsonElement record = Assert.Single(run.Records);
        Assert.Equal(JsonValueKind.Null, record.GetProperty("error").ValueKind);
        Assert.Equal(LocalSite.TitleOf(1), record.GetProperty("title").GetString());
        Assert.Equal(0, run.ExitCode);
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task RedirectsEndAtTheFinalUrl()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("redirect"), site.Url("redirect-chain/3")), "-w", "2"]);

        JsonElement single = run.RecordFor(site.Url("redirect"));
        Assert.Equal(site.Url("page/1"), single.GetProperty("final_url").GetString());
        Assert.Equal(1, single.GetProperty("redirects").GetInt32());
        Assert.Equal(LocalSite.TitleOf(1), single.GetProperty("title").GetString());
        JsonElement chain = run.RecordFor(site.Url("redirect-chain/3"));
        Assert.Equal(site.Url("page/2"), chain.GetProperty("final_url").GetString());
        Assert.Equal(4, chain.GetProperty("redirects").GetInt32()); // 3 -> 2 -> 1 -> 0 -> page/2
        Assert.Equal(0, run.ExitCode);
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task WithFailAnHttpErrorStatusIsAFailedRecordThatKeepsTheResponse()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("status/404"), site.Url("status/503"), site.Url("page/1")), "-w", "2", "--fail", "--retries", "0"]);

        Assert.Equal(1, run.ExitCode);
        JsonElement missing = run.RecordFor(site.Url("status/404"));
        Assert.Equal(404, missing.GetProperty("status").GetInt32());
        Assert.Equal("Status 404", missing.GetProperty("title").GetString());
        Assert.Equal("http_status", missing.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal("the server answered 404", missing.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("http_status", run.RecordFor(site.Url("status/503")).GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, run.RecordFor(site.Url("page/1")).GetProperty("error").ValueKind);
        Assert.Contains("3 records: 1 response (1 2xx), 2 failed (http_status 2)", run.Stderr, StringComparison.Ordinal);
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task HttpErrorsAreResponsesNotFailures()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("status/404"), site.Url("status/500"), site.Url("data.json")), "-w", "2"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(404, run.RecordFor(site.Url("status/404")).GetProperty("status").GetInt32());
        Assert.Equal(500, run.RecordFor(site.Url("status/500")).GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, run.RecordFor(site.Url("status/404")).GetProperty("error").ValueKind);
        JsonElement json = run.RecordFor(site.Url("data.json"));
        Assert.Equal("application/json", json.GetProperty("content_type").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("title").ValueKind);
        Assert.Equal(7, json.GetProperty("length").GetInt64());
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task FailuresAreErrorRecordsAndExitOne()
    {
        string loop = site.Url("loop/a");
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput("http://127.0.0.1:1/", "not a url", "ftp://x", loop, site.Url("page/1")), "-w", "2"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(5, run.Records.Count);
        Assert.Equal("connect", ErrorKind(run.RecordFor("http://127.0.0.1:1/")));
        Assert.Equal(JsonValueKind.Null, run.RecordFor("http://127.0.0.1:1/").GetProperty("status").ValueKind);
        Assert.Equal("invalid_url", ErrorKind(run.RecordFor("not a url")));
        Assert.Equal("invalid_url", ErrorKind(run.RecordFor("ftp://x")));
        Assert.Equal("too_many_redirects", ErrorKind(run.RecordFor(loop)));
        Assert.Equal(JsonValueKind.Null, run.RecordFor(site.Url("page/1")).GetProperty("error").ValueKind);
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task HostileInputLinesBecomeRecordsAndNeverStopTheRun()
    {
        string input = Path.Combine(_cli.TempDirectory, "hostile.txt");
        using (var file = File.Create(input))
        {
            file.Write("# a comment\n\n"u8);
            file.Write(new byte[100 * 1024].Select(_ => (byte)'a').ToArray());
            file.Write("\n"u8);
            file.Write([0x68, 0x74, 0x74, 0x70, 0x3a, 0x2f, 0x2f, 0xff, 0xfe, 0x0a]); // "http://" + invalid UTF-8
            file.Write("file:///etc/passwd\n   \n"u8);
            file.Write(System.Text.Encoding.UTF8.GetBytes(site.Url("page/7") + "\n"));
        }
        CliRun run = await _cli.RunAsync(["run", input, "-w", "1"]);

        Assert.Equal(4, run.Records.Count);
        Assert.Equal(3, run.Records.Count(r => ErrorKind(r) == "invalid_url"));
        Assert.Equal(LocalSite.TitleOf(7), run.RecordFor(site.Url("page/7")).GetProperty("title").GetString());
        Assert.Equal(1, run.ExitCode);
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task ANamedPipeIsReadOnceAndItsWriterLosesNothing()
    {
        string fifo = Path.Combine(_cli.TempDirectory, "urls.fifo");
        Assert.Equal(0, Syscall.mkfifo(fifo, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR));
        string[] urls = [site.Url("page/1"), site.Url("page/2")];
        Task writing = Task.Run(() => File.WriteAllLines(fifo, urls)); // opening blocks until a reader comes

        CliRun run = await _cli.RunAsync(["run", fifo, "-w", "1"], timeout: TimeSpan.FromSeconds(20));
        if (!writing.IsCompleted)
        {
            int reader = Syscall.open(fifo, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK); // lets a writer that was never read go
            await Task.WhenAny(writing, Task.Delay(5000));
            _ = Syscall.close(reader);
        }

        await writing; // no EPIPE: the run did not open the pipe and close it before reading
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(urls.Order(), run.Records.Select(r => r.GetProperty("url").GetString()!).Order());
    }

    [Fact(Timeout = 60_000)]
    public async Task StdinIsReadWhenTheFileIsADash()
    {
        CliRun run = await _cli.RunAsync(["run", "-", "-w", "2"], stdin: $"{site.Url("page/3")}\n{site.Url("page/4")}\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(LocalSite.TitleOf(3), run.RecordFor(site.Url("page/3")).GetProperty("title").GetString());
        Assert.Equal(LocalSite.TitleOf(4), run.RecordFor(site.Url("page/4")).GetProperty("title").GetString());
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task SeveralFilesAreReadInOrder()
    {
        string first = _cli.WriteInput(site.Url("page/1"));
        string second = _cli.WriteInput(site.Url("page/2"), site.Url("page/3"));
        CliRun run = await _cli.RunAsync(["run", first, "-", second, "-w", "2"], stdin: site.Url("page/9") + "\n");

        Assert.Equal(4, run.Records.Count);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task ThePublishedStyleAppHostStartsItsWorkersToo()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/5")), "-w", "2"], useAppHost: true);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(LocalSite.TitleOf(5), run.RecordFor(site.Url("page/5")).GetProperty("title").GetString());
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 180_000)]
    public async Task TwoThousandUrlsYieldTwoThousandRecords()
    {
        string[] urls = Enumerable.Range(0, 2000).Select(n => site.Url($"page/{n}")).ToArray();
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(urls), "-w", "3", "-q"], timeout: TimeSpan.FromSeconds(150));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2000, run.Records.Count);
        Assert.Equal(urls.Order(), run.Records.Select(r => r.GetProperty("url").GetString()!).Order());
        Assert.All(run.Records, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind));
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task LogsGoToStderrAndStdoutCarriesOnlyRecords()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-w", "1", "-v"]);

        Assert.Single(run.StdoutLines);
        Assert.Contains("ready", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("worker ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task TheParentAndTheWorkersCollectConcurrently()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-w", "2", "-v"]);

        Assert.Single(run.StdoutLines);
        string[] lines = run.Stderr.Split('\n');
        Assert.Contains(lines, l => l.Contains("parent memory:", StringComparison.Ordinal) && l.EndsWith("GC Interactive", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.Contains("ready on fd", StringComparison.Ordinal) && l.EndsWith("GC Interactive", StringComparison.Ordinal)));
    }

    [Theory(Timeout = 90_000)]
    [InlineData("ulimit -Sn 400", false)] // a low soft limit is raised to the hard one
    [InlineData("ulimit -n 400", true)] // a low hard limit lowers the concurrency instead
    public async Task AnOpenFileLimitBelowTheConcurrencyLosesNoUrl(string limit, bool lowered)
    {
        // 300 URLs in flight need some 600 descriptors in the worker and 300 in the parent.
        string[] urls = Enumerable.Range(0, 300).Select(n => site.Url($"slow/200?n={n}")).ToArray();
        CliRun run = await _cli.RunInShellAsync($"{limit} && exec dotnet \"$WEBFETCH_DLL\" run \"$1\" -w 1 -c 300", _cli.WriteInput(urls));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(urls.Length, run.Records.Count);
        Assert.All(run.Records, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind));
        Assert.Equal(lowered, run.Stderr.Contains("open files are limited to 400", StringComparison.Ordinal));
        await AssertNothingLeftBehindAsync();
    }

    private static string? ErrorKind(JsonElement record) =>
        record.GetProperty("error").ValueKind == JsonValueKind.Null ? null : record.GetProperty("error").GetProperty("kind").GetString();

    private async Task AssertNothingLeftBehindAsync()
    {
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }
}
