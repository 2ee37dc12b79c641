using System.CommandLine;
using WebFetch.Output;

namespace WebFetch.Cli;

/// <summary>The options of what the run writes: where the records go, in which format and order, and how much is said on stderr.</summary>
internal sealed class OutputOptionGroup
{
    public Option<bool> Ordered { get; } = new("--ordered") { Description = "Write records in input order (a slow URL holds back the later ones)" };

    public Option<string?> Output { get; } = new("--output", "-o") { Description = "Write records to FILE instead of stdout (a FILE named .csv gets CSV)", HelpName = "FILE" };

    public Option<OutputFormat> Format { get; } = new("--format")
    {
        Description = "Record format: jsonl or csv [default: csv for a .csv output file, else jsonl]", // the enum's name would show as Jsonl
        HelpName = "jsonl|csv",
        CustomParser = OptionParsers.Format,
    };

    public Option<string?> Resume { get; } = new("--resume")
    {
        Description = "Skip the URLs that already have a record in FILE and append the new records to it",
        HelpName = "FILE",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Debug detail on stderr (-vv is the same); not with --quiet" };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Only warnings and errors on stderr; not with --verbose" };

    /// <summary>The record options in the order --help lists them (after the scheduling options; --verbose and --quiet come last).</summary>
    public IEnumerable<Option> Records => [Ordered, Output, Format, Resume];

    /// <summary>The format of the records: <c>--format</c> when given, else the one the output file's name asks for.</summary>
    public OutputFormat ChosenFormat(ParseResult result) =>
        CommandLineApp.ChosenFormat(result.GetResult(Format) is null ? null : result.GetValue(Format), result.GetValue(Resume) ?? result.GetValue(Output));

    /// <summary>The log level that --quiet or --verbose asks for.</summary>
    public string LogLevel(ParseResult result) =>
        result.GetValue(Quiet) ? "Warning" : result.GetValue(Verbose) ? "Debug" : "Information";
}
