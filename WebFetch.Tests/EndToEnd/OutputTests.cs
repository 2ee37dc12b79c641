using System.Text;
using System.Text.Json;
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
        Assert.Equal(["link_urls", "select.t", "select.href"], rows[0][^3..]);
        string[] row = rows[1];
        Assert.Equal([site.Url("page/2"), site.Url("page/0"), "https://example.org/"], row[^3].Split(' '));
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
        Assert.Equal(5 + 1 + 3, lines.Length); // the refused URL was tried again
        string[] urls = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("url").GetString()!).ToArray();
        Assert.Equal(2, urls.Count(u => u == refused));
        Assert.Equal(all.Order(), urls.Distinct().Order());
        Assert.Contains("cut short", run2.Stderr, StringComparison.Ordinal);
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
        Assert.Contains("cannot write to stdout: No space left on device; stopped", run.Stderr, StringComparison.Ordinal);
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
        Assert.Contains($"{urls.Length} records: {urls.Length} ok", run.Stderr, StringComparison.Ordinal);
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
        Assert.Contains("6 records: 6 ok", run.Stderr, StringComparison.Ordinal);

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
