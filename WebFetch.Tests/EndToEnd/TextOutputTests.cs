using System.Text.RegularExpressions;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>
/// What a run shows: readable lines on a terminal (coloured unless NO_COLOR), JSON Lines into a
/// pipe, --format to choose, and --only-failed / --only-ok to leave records out of the output
/// but not out of the summary.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed partial class TextOutputTests(LocalSite site) : IDisposable
{
    private const string Refused = "http://127.0.0.1:1/";

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private string[] Urls => [site.Url("page/1"), site.Url("status/404"), Refused];

    [Fact(Timeout = 60_000)]
    public async Task IntoAPipeTheRecordsStayJsonLines()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(Urls), "-w", "1"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(Urls.Order(), run.Records.Select(r => r.GetProperty("url").GetString()!).Order());
    }

    [Fact(Timeout = 60_000)]
    public async Task FormatTextWritesOneReadableLinePerUrl()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(Urls), "-w", "1", "--format", "text"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(3, run.StdoutLines.Count);
        Assert.DoesNotContain(run.StdoutLines, l => l.Contains('{', StringComparison.Ordinal) || l.Contains('\u001b', StringComparison.Ordinal));
        Assert.Matches(@"^200 +\d+ ms +\d+ B  Page 1 of the test site +  " + Regex.Escape(site.Url("page/1")) + "$", run.StdoutLines.Single(l => l.Contains("/page/1", StringComparison.Ordinal)));
        Assert.Matches(@"^404 +\d+ ms +\d+ B  Status 404 +  " + Regex.Escape(site.Url("status/404")) + "$", run.StdoutLines.Single(l => l.Contains("/status/404", StringComparison.Ordinal)));
        Assert.Matches(@"^ERR +\d+ ms +-  +" + Regex.Escape(Refused) + "  connect: .+", run.StdoutLines.Single(l => l.Contains(Refused, StringComparison.Ordinal)));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OnATerminalTheDefaultIsTextColouredUnlessNoColorIsSet(bool colour)
    {
        // script(1) gives the run a pseudo-terminal for its stdout, as a person at a terminal has; the runner sets NO_COLOR=1
        string unset = colour ? "env -u NO_COLOR " : "";
        CliRun run = await _cli.RunInShellAsync($"""exec {unset}script -qec "dotnet '$WEBFETCH_DLL' run '$1' -w 1" /dev/null""", _cli.WriteInput(Urls));

        string screen = string.Join('\n', run.StdoutLines);
        Assert.True(run.ExitCode == 1, screen);
        Assert.DoesNotContain("{\"url\"", screen, StringComparison.Ordinal);
        Assert.Contains("Page 1 of the test site", screen, StringComparison.Ordinal);
        if (colour)
        {
            Assert.Contains("\u001b[32m200\u001b[0m", screen, StringComparison.Ordinal);
            Assert.Contains("\u001b[33m404\u001b[0m", screen, StringComparison.Ordinal);
            Assert.Contains("\u001b[31mERR\u001b[0m", screen, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotMatch(ColourCode(), screen);
            Assert.Matches(@"200 +\d+ ms +\d+ B  Page 1 of the test site", screen);
            Assert.Matches(@"ERR +\d+ ms +-  +" + Regex.Escape(Refused) + "  connect: ", screen);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task OnlyFailedWritesTheErrorsAndTheSummarySaysHowManyWereLeftOut()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(Urls), "-w", "1", "--only-failed"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal([Refused], run.Records.Select(r => r.GetProperty("url").GetString()));
        Assert.Contains("3 records: 2 responses (1 2xx, 1 4xx), 1 failed (connect 1)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("; 2 records not written (--only-failed)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task OnlyOkWritesTheRecordsWithoutAnErrorAndTheSummarySaysHowManyWereLeftOut()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(Urls), "-w", "1", "--only-ok", "--format", "text"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.StdoutLines.Count);
        Assert.StartsWith("200 ", run.StdoutLines.Single(l => l.Contains("/page/1", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.StartsWith("404 ", run.StdoutLines.Single(l => l.Contains("/status/404", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("3 records: 2 responses (1 2xx, 1 4xx), 1 failed (connect 1)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("; 1 record not written (--only-ok)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task OnlyFailedWithResumeIsAUsageError()
    {
        string resume = Path.Combine(_cli.TempDirectory, "done.jsonl");
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(Urls), "--only-failed", "--resume", resume]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("webfetch: --only-failed cannot be used with --resume: the resume file must hold a record of every URL", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(resume));
        Assert.Empty(run.StdoutLines);
    }

    [GeneratedRegex(@"\u001b\[[0-9;]*m")]
    private static partial Regex ColourCode();
}
