using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>The record format follows the output file's name unless --format says otherwise, and never contradicts it.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class FormatChoiceTests(LocalSite site) : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory(Timeout = 60_000)]
    [InlineData("records.csv", true)]
    [InlineData("RECORDS.CSV", true)]
    [InlineData("records.jsonl", false)]
    [InlineData("records.ndjson", false)]
    [InlineData("records.json", false)]
    [InlineData("records.txt", false)] // an extension that promises nothing keeps the default
    [InlineData("records", false)]
    public async Task WithoutFormatTheOutputFilesExtensionChoosesIt(string name, bool csv)
    {
        string output = Path.Combine(_cli.TempDirectory, name);
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-w", "1", "-o", output]);

        Assert.Equal(0, run.ExitCode);
        string[] lines = File.ReadAllLines(output);
        if (csv)
        {
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("url,final_url,status,", lines[0], StringComparison.Ordinal);
            Assert.StartsWith(site.Url("page/1") + ",", lines[1], StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal([site.Url("page/1")], lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("url").GetString()));
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task AnExplicitFormatWinsOverAnExtensionThatPromisesNothing()
    {
        string output = Path.Combine(_cli.TempDirectory, "records.txt");
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-w", "1", "--format", "csv", "-o", output]);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("url,final_url,status,", File.ReadAllLines(output)[0], StringComparison.Ordinal);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("-o", "records.jsonl", "csv", "--format csv would write CSV into '{0}', whose name says JSON Lines: name the file for its format, or leave --format out")]
    [InlineData("-o", "records.csv", "jsonl", "--format jsonl would write JSON Lines into '{0}', whose name says CSV: name the file for its format, or leave --format out")]
    [InlineData("--resume", "records.csv", null, "--resume reads and appends JSON Lines only, and '{0}' is named as a CSV file: give it a .jsonl name")]
    [InlineData("--resume", "records", "csv", "--resume reads and appends JSON Lines only: it cannot be used with --format csv")]
    public async Task AFormatThatContradictsTheFileIsAUsageErrorAndTheFileIsLeftAlone(string option, string name, string? format, string message)
    {
        string output = Path.Combine(_cli.TempDirectory, name);
        File.WriteAllText(output, "kept\n");
        string[] args = ["run", _cli.WriteInput(site.Url("page/1")), option, output, .. format is null ? Array.Empty<string>() : ["--format", format]];
        CliRun run = await _cli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("webfetch: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, message, output), run.Stderr, StringComparison.Ordinal);
        Assert.Equal("kept\n", File.ReadAllText(output));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }
}
