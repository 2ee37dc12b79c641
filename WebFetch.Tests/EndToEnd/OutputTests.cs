using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>Where records go and in which shape: --ordered, --output, --format csv, --resume, and the progress line.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class OutputTests(LocalSite site) : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task OrderedRecordsFollowTheInputEvenBehindASlowFirstUrl()
    {
        string slow = site.Url("slow/1500");
        string[] input =
        [
            slow,
            .. Enumerable.Range(1, 5).Select(n => site.Url($"page/{n}")),
            "not a url",
            site.Url("page/2"), // a repeat: a copy of page/2's record
            .. Enumerable.Range(6, 5).Select(n => site.Url($"page/{n}")),
        ];
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(input), "-w", "2", "-c", "3", "--ordered"]);

        Assert.Equal(1, run.ExitCode); // the invalid line
        Assert.Equal(input, run.Records.Select(r => r.GetProperty("url").GetString()!));
        Assert.Equal("slow 1500", run.Records[0].GetProperty("title").GetString());
        Assert.Equal(LocalSite.TitleOf(2), run.Records[7].GetProperty("title").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task OutputWritesTheRecordsToAFileAndNothingToStdout()
    {
        string output = Path.Combine(_cli.TempDirectory, "records.jsonl");
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1"), site.Url("page/2")), "-w", "2", "--output", output]);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.StdoutLines);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal(2, lines.Length);
        Assert.Equal(
            [site.Url("page/1"), site.Url("page/2")],
            lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("url").GetString()).Order());
    }

    [Fact(Timeout = 60_000)]
    public async Task CsvQuotesTitlesWithCommasQuotesAndLineBreaks()
    {
        string output = Path.Combine(_cli.TempDirectory, "records.csv");
        string awkward = site.Url("awkward-title");
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(awkward, "http://127.0.0.1:1/"), "-w", "2", "--format", "csv", "-o", output]);

        Assert.Equal(1, run.ExitCode);
        byte[] bytes = File.ReadAllBytes(output);
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        List<string[]> rows = ParseCsv(Encoding.UTF8.GetString(bytes));
        Assert.Equal(3, rows.Count);
        Assert.Equal(
            ["url", "final_url", "status", "content_type", "charset", "length", "title", "description", "lang", "canonical", "links", "redirects", "elapsed_ms", "worker", "attempts", "error_kind", "error_message"],
            rows[0]);
        string[] page = rows.Single(r => r[0] == awkward);
        Assert.Equal(LocalSite.AwkwardTitle, page[6]);
        Assert.Equal("say \"hi\", then leave", page[7]);
        Assert.Equal("200", page[2]);
        Assert.Equal("", page[15]);
        string[] failed = rows.Single(r => r[0] == "http://127.0.0.1:1/");
        Assert.Equal("connect", failed[15]);
        Assert.Equal("", failed[2]);
        Assert.Contains("\"Fish, \"\"chips\"\" and peas\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task CsvHasColumnsForTheLinksAndSelectionsAskedFor()
    {
        string output = Path.Combine(_cli.TempDirectory, "records.csv");
        CliRun run = await _cli.RunAsync(
            ["run", _cli.WriteInput(site.Url("page/1")), "--format", "csv", "--links", "--select", "t=title", "--select", "href=a@href", "-o", output]);

        Assert.Equal(0, run.ExitCode);
        List<string[]> rows = ParseCsv(File.ReadAllText(output));
        Assert.Equal(["link_urls", "links_truncated", "select.t", "select.href"], rows[0][^4..]);
        string[] row = rows[1];
        Assert.Equal([site.Url("page/2"), site.Url("page/0"), "https://example.org/"], row[^4].Split(' '));
        Assert.Equal("", row[^3]);
        Assert.Equal(LocalSite.TitleOf(1), row[^2]);
        Assert.Equal(3, row[^1].Split('\n').Length);
    }

    [Fact(Timeout = 90_000)]
    public async Task ResumeSkipsWhatIsDoneRetriesPassingFailuresAndRepairsACutLastLine()
    {
        string key = Guid.NewGuid().ToString("N")[..12];
        string[] first = Enumerable.Range(0, 4).Select(n => site.CountedUrl(key, 0, n)).ToArray();
        string refused = "http://127.0.0.1:1/";
        string records = Path.Combine(_cli.TempDirectory, "records.jsonl");
        CliRun run1 = await _cli.RunAsync(["run", _cli.WriteInput([.. first, refused]), "-w", "2", "--resume", records]);
        Assert.Equal(1, run1.ExitCode);
        Assert.Equal(5, File.ReadAllLines(records).Length);
        File.AppendAllText(records, "{\"url\":\"" + site.CountedUrl(key, 0, 4) + "\",\"final_u"); // killed mid-write

        string[] all = [.. first, refused, .. Enumerable.Range(4, 3).Select(n => site.CountedUrl(key, 0, n))];
        CliRun run2 = await _cli.RunAsync(["run", _cli.WriteInput(all), "-w", "2", "--resume", records]);

        Assert.Equal(1, run2.ExitCode);
        Assert.Empty(run2.StdoutLines);
        Assert.Equal(7, site.Counter(key).Hits); // 4 in the first run, 3 new ones; the done ones were not fetched again
        string[] lines = File.ReadAllLines(records);
        Assert.Equal(5 + 3, lines.Length); // the refused URL was tried again, and only its latest record is kept
        string[] urls = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("url").GetString()!).ToArray();
        Assert.Single(urls, refused);
        Assert.Equal(all.Order(), urls.Order());
        Assert.Contains("cut short", run2.Stderr, StringComparison.Ordinal);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("{\n  \"name\": \"settings\",\n  \"debug\": true\n}\n")]
    [InlineData("one line without a final newline")]
    [InlineData("Dear diary,\ntoday I fetched nothing.\n")]
    public async Task ResumeRefusesAFileThatIsNotRecordsWithoutTouchingIt(string content)
    {
        string key = Guid.NewGuid().ToString("N")[..12];
        string notes = Path.Combine(_cli.TempDirectory, "notes.json");
        File.WriteAllText(notes, content);

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.CountedUrl(key, 0, 0)), "-w", "1", "--resume", notes]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"resume file '{notes}' is not a file of webfetch records: line 1 is not a record", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(notes));
        Assert.Equal(0, site.Counter(key).Hits);
        Assert.Empty(run.StdoutLines);
    }

    [Fact(Timeout = 120_000)]
    public async Task TheCronWrapperRunTwiceADayKeepsOneRecordPerUrlTheLatest()
    {
        string flaky = Guid.NewGuid().ToString("N")[..12];
        string gone = Guid.NewGuid().ToString("N")[..12];
        site.Answer(flaky, 503);
        site.Answer(gone, 404);
        int port = FreePort();
        string down = $"http://127.0.0.1:{port}/";
        string[] urls = [site.Url("page/1"), down, site.SwitchableUrl(flaky), site.SwitchableUrl(gone), site.Url("page/2")];
        string input = _cli.WriteInput(urls);
        string records = Path.Combine(_cli.TempDirectory, "2026-12-03.jsonl");
        string[] wrapper = ["run", input, "-w", "2", "-q", "--per-host", "2", "--fail", "--retries", "0", "--resume", records];

        CliRun morning = await _cli.RunAsync(wrapper);
        Assert.Equal(1, morning.ExitCode);
        Assert.Equal(["connect", "http_status", "http_status"], ErrorKinds(records).Values.Where(k => k is not null).Order());

        // the server is back and the 503 is over; the 404 is still a 404, and not asked again
        site.Answer(flaky, 200);
        await using (WebApplication recovered = await LoopbackServer.StartAsync(
            k => k.Listen(System.Net.IPAddress.Loopback, port), app => app.MapGet("/", () => Results.Content("<title>back</title>", "text/html"))))
        {
            CliRun evening = await _cli.RunAsync(wrapper);
            Assert.Equal(0, evening.ExitCode);
        }

        Dictionary<string, string?> kinds = ErrorKinds(records);
        Assert.Equal(urls.Order(), kinds.Keys.Order()); // exactly one record per URL
        Assert.Null(kinds[down]);
        Assert.Null(kinds[site.SwitchableUrl(flaky)]);
        Assert.Equal("http_status", kinds[site.SwitchableUrl(gone)]);
        Assert.Equal(2, site.Counter(flaky).Hits);
        Assert.Equal(1, site.Counter(gone).Hits);
        Assert.Empty(Directory.GetFiles(_cli.TempDirectory, "*.webfetch-rewrite"));
    }

    [Fact(Timeout = 120_000)]
    public async Task ARunKilledMidwayLeavesTheOldRecordsWholeAndTheNextResumeLeavesOneRecordPerUrl()
    {
        string down = $"http://127.0.0.1:{FreePort()}/";
        string[] done = [site.Url("page/1"), site.Url("page/2"), down];
        string[] slow = Enumerable.Range(0, 3).Select(n => site.Url($"slow/20000?n={n}&k={Guid.NewGuid():N}")).ToArray();
        string records = Path.Combine(_cli.TempDirectory, "records.jsonl");
        CliRun first = await _cli.RunAsync(["run", _cli.WriteInput(done), "-w", "1", "--retries", "0", "--resume", records]);
        Assert.Equal(1, first.ExitCode);
        byte[] before = File.ReadAllBytes(records);

        string input = _cli.WriteInput([.. done, .. slow]);
        await using (var killed = new RunningCli(_cli, ["run", input, "-w", "1", "-c", "4", "--retries", "0", "--resume", records]))
        {
            // the refused URL is fetched again and its new record appended; the slow ones are in flight
            Assert.True(await CliRunner.EventuallyAsync(() => File.ReadAllLines(records).Length == done.Length + 1, TimeSpan.FromSeconds(20)));
            killed.Signal(Mono.Unix.Native.Signum.SIGKILL);
            Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(5)));
        }

        byte[] after = File.ReadAllBytes(records);
        Assert.Equal(before, after[..before.Length]); // nothing of the old file lost
        Assert.Equal([down], File.ReadAllLines(records)[done.Length..].Select(l => JsonDocument.Parse(l).RootElement.GetProperty("url").GetString()));

        CliRun next = await _cli.RunAsync(["run", input, "-w", "1", "-c", "4", "--retries", "0", "--timeout", "1", "--resume", records]);

        Assert.Equal(1, next.ExitCode);
        Dictionary<string, string?> kinds = ErrorKinds(records);
        Assert.Equal(done.Concat(slow).Order(), kinds.Keys.Order());
        Assert.All(slow, url => Assert.Equal("timeout", kinds[url]));
        Assert.Equal("connect", kinds[down]);
    }

    /// <summary>Each record's URL and error kind (null without error); a URL with two records fails.</summary>
    private static Dictionary<string, string?> ErrorKinds(string records) =>
        File.ReadAllLines(records).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(
            r => r.GetProperty("url").GetString()!,
            r => r.GetProperty("error").ValueKind == JsonValueKind.Null ? null : r.GetProperty("error").GetProperty("kind").GetString());

    /// <summary>A port of 127.0.0.1 that nothing listens on now.</summary>
    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact(Timeout = 30_000)]
    public async Task ResumeWithAnotherOutputFileIsAUsageError()
    {
        string dir = _cli.TempDirectory;
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "--resume", Path.Combine(dir, "a.jsonl"), "--output", Path.Combine(dir, "b.jsonl")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--resume", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_cli.LiveProcesses());
    }

    [Fact(Timeout = 60_000)]
    public async Task AnOutputFileThatIsAnInputIsRefusedAndKeptWhateverItsName()
    {
        string input = _cli.WriteInput(site.Url("page/1"), site.Url("page/2"));
        string link = Path.Combine(_cli.TempDirectory, "link.txt");
        File.CreateSymbolicLink(link, input);

        CliRun same = await _cli.RunAsync(["run", input, "--output", input]);
        CliRun linked = await _cli.RunAsync(["run", input, "--output", link]);
        CliRun resumed = await _cli.RunAsync(["run", input, "--resume", link]);

        Assert.All([same, linked, resumed], run =>
        {
            Assert.Equal(2, run.ExitCode);
            Assert.Contains($"is the input '{input}'", run.Stderr, StringComparison.Ordinal);
            Assert.Empty(run.StdoutLines);
        });
        Assert.Equal([site.Url("page/1"), site.Url("page/2")], File.ReadAllLines(input));
        Assert.Empty(_cli.LiveProcesses());
    }

    [Fact(Timeout = 60_000)]
    public async Task AnOutputFileThatStdinReadsIsRefusedAndKept()
    {
        string input = _cli.WriteInput(site.Url("page/1"));
        CliRun run = await _cli.RunInShellAsync("exec dotnet \"$WEBFETCH_DLL\" run - --output \"$1\" < \"$1\"", input);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is stdin", run.Stderr, StringComparison.Ordinal);
        Assert.Equal([site.Url("page/1")], File.ReadAllLines(input));
    }

    [Fact(Timeout = 60_000)]
    public async Task AStdoutThatCannotBeWrittenIsAnErrorThatSaysWhyNotAQuietStop()
    {
        string[] urls = Enumerable.Range(0, 20).Select(n => site.Url($"page/{n}")).ToArray();
        // a full disk: /dev/full fails every write with ENOSPC, unlike a reader that left (EPIPE, exit 141)
        CliRun run = await _cli.RunInShellAsync("exec dotnet \"$WEBFETCH_DLL\" run \"$1\" -w 2 > /dev/full", _cli.WriteInput(urls));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot write to stdout: no space left on device; stopped", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 90_000)]
    public async Task AReaderThatStallsLongerThanTheWorkerTimeoutCostsNoWorker()
    {
        string[] urls = Enumerable.Range(0, 20_000).Select(n => site.Url($"page/{n}")).ToArray();
        // The reader takes nothing for 10 s while records keep coming: megabytes wait in the parent.
        CliRun run = await _cli.RunInShellAsync(
            "dotnet \"$WEBFETCH_DLL\" run \"$1\" -w 2 -c 32 --worker-timeout 2 | { sleep 10; wc -l; }", _cli.WriteInput(urls));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([urls.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)], run.StdoutLines.Select(l => l.Trim()));
        Assert.DoesNotContain("silent for", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{urls.Length} records: {urls.Length} responses ({urls.Length} 2xx), 0 failed", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("--resume")]
    [InlineData("--output")]
    public async Task ASecondRunOnAFileTheFirstIsWritingIsRefusedAndTheFileStaysWhole(string option)
    {
        string[] urls = Enumerable.Range(0, 12).Select(n => site.Url($"slow/250?n={n}")).ToArray();
        string file = Path.Combine(_cli.TempDirectory, "shared.jsonl");
        await using var first = new RunningCli(_cli, ["run", _cli.WriteInput(urls), option, file, "-w", "1", "-c", "2"]);
        Assert.True(await first.WorkersAreAsync(1, TimeSpan.FromSeconds(20))); // the file is open before any worker starts

        CliRun second = await _cli.RunAsync(["run", _cli.WriteInput(urls), option, file, "-w", "1"]);
        CliRun done = await first.WaitAsync(TimeSpan.FromSeconds(40));

        Assert.Equal(2, second.ExitCode);
        Assert.Contains($"'{file}' is in use by another run", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, done.ExitCode);
        string[] lines = File.ReadAllLines(file);
        Assert.Equal(urls.Order(), lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("url").GetString()).Order());
    }

    [Fact(Timeout = 60_000)]
    public async Task NoProgressLineWhenStderrIsNotATerminalButTheSummaryStays()
    {
        string[] urls = Enumerable.Range(0, 6).Select(n => site.Url($"slow/{200 + n}")).ToArray();
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(urls), "-w", "2"]);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain('\r', run.Stderr);
        Assert.DoesNotContain("\u001b[K", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("6 records: 6 responses (6 2xx), 0 failed", run.Stderr, StringComparison.Ordinal);

        CliRun quiet = await _cli.RunAsync(["run", _cli.WriteInput(urls), "-w", "2", "-q"]);
        Assert.DoesNotContain("records:", quiet.Stderr, StringComparison.Ordinal);
    }

    /// <summary>An RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; rows end with CRLF.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }
        Assert.False(quoted, "unterminated quoted field");
        Assert.Empty(row);
        return rows;
    }
}
