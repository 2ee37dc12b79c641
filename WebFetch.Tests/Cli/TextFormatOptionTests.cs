using System.CommandLine;
using WebFetch.Cli;
using WebFetch.Output;
using Xunit;

namespace WebFetch.Tests.Cli;

/// <summary>The text format as the default on a terminal, and how --only-failed and --only-ok combine with the other options.</summary>
public sealed class TextFormatOptionTests
{
    [Theory]
    [InlineData(null, null, true, "text")]
    [InlineData(null, null, false, "jsonl")]
    [InlineData(null, "out.csv", true, "csv")]
    [InlineData(null, "out.txt", true, "jsonl")]
    [InlineData("jsonl", null, true, "jsonl")]
    [InlineData("text", null, false, "text")]
    [InlineData("text", "out.txt", false, "text")]
    public void ATerminalGetsTextUnlessAFormatOrAnOutputFileSaysOtherwise(string? given, string? file, bool toTerminal, string chosen)
    {
        Assert.Equal(OptionParsers.FormatNamed(chosen), CommandLineApp.ChosenFormat(given is null ? null : OptionParsers.FormatNamed(given), file, toTerminal));
    }

    [Fact]
    public void TextParsesAsAFormatAndTheHelpNamesIt()
    {
        var line = new RunCommandLine();
        ParseResult result = line.Create().Parse(["a.txt", "--format", "TEXT"]);

        Assert.Empty(result.Errors);
        Assert.Equal(OutputFormat.Text, line.Output.ChosenFormat(result, toTerminal: false));
        Assert.Equal("jsonl|csv|text", line.Output.Format.HelpName);
    }

    [Theory]
    [InlineData("--only-failed", nameof(RecordFilter.OnlyFailed))]
    [InlineData("--only-ok", nameof(RecordFilter.OnlyOk))]
    public void EachOnlyOptionChoosesItsRecords(string option, string filter)
    {
        var line = new RunCommandLine();
        ParseResult result = line.Create().Parse(["a.txt", option]);

        Assert.Empty(result.Errors);
        Assert.Equal(filter, line.Read(result).Only.ToString());
    }

    [Fact]
    public void WithoutAnOnlyOptionEveryRecordIsWritten()
    {
        var line = new RunCommandLine();
        Assert.Equal(RecordFilter.All, line.Read(line.Create().Parse(["a.txt"])).Only);
    }

    [Theory]
    [InlineData(new[] { "--only-failed", "--only-ok" }, "--only-failed and --only-ok cannot be used together")]
    [InlineData(new[] { "--only-failed", "--resume", "done.jsonl" }, "--only-failed cannot be used with --resume: the resume file must hold a record of every URL")]
    [InlineData(new[] { "--only-ok", "--resume", "done.jsonl" }, "--only-ok cannot be used with --resume")]
    [InlineData(new[] { "--format", "text", "--resume", "done" }, "--resume reads and appends JSON Lines only: it cannot be used with --format text")]
    [InlineData(new[] { "--format", "text", "-o", "out.csv" }, "--format text would write readable text into 'out.csv', whose name says CSV")]
    public void ContradictoryOptionsAreParseErrors(string[] options, string message)
    {
        ParseResult result = CommandLineApp.Parse(["run", "a.txt", .. options]);

        Assert.Contains(result.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void TheHelpOfTheOnlyOptionsSaysTheyAreNotForResume()
    {
        var output = new OutputOptionGroup();

        Assert.Contains("Not with --resume", output.OnlyFailed.Description, StringComparison.Ordinal);
        Assert.Contains("Not with --resume", output.OnlyOk.Description, StringComparison.Ordinal);
    }
}
