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
        Description = "Record format: jsonl, csv or text (one readable line per URL) "
            + "[default: csv for a .csv output file, text when stdout is a terminal, else jsonl]", // the enum's name would show as Jsonl
        HelpName = "jsonl|csv|text",
        CustomParser = OptionParsers.Format,
    };

    public Option<string?> Resume { get; } = new("--resume")
    {
        Description = "Skip the URLs that already have a record in FILE and append the new records to it",
        HelpName = "FILE",
    };

    public Option<bool> OnlyFailed { get; } = new("--only-failed")
    {
        Description = "Write only the records of URLs that failed (with an error); the summary still counts every URL. "
            + "Not with --resume, whose file must hold a record of every URL",
    };

    public Option<bool> OnlyOk { get; } = new("--only-ok")
    {
        Description = "Write only the records without an error, whatever their status; the summary still counts every URL. "
            + "Not with --resume, whose file must hold a record of every URL",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Debug detail on stderr (-vv is the same); not with --quiet" };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Only warnings and errors on stderr; not with --verbose" };

    /// <summary>The record options in the order --help lists them (after the scheduling options; --verbose and --quiet come last).</summary>
    public IEnumerable<Option> Records => [Ordered, Output, Format, Resume, OnlyFailed, OnlyOk];

    /// <summary>
    /// The format of the records: <c>--format</c> when given, else the one the output file's name
    /// asks for, else text when stdout is a terminal (<paramref name="toTerminal"/>, by default
    /// whether it is), else JSON Lines.
    /// </summary>
    public OutputFormat ChosenFormat(ParseResult result, bool? toTerminal = null) =>
        CommandLineApp.ChosenFormat(result.GetResult(Format) is null ? null : result.GetValue(Format), result.GetValue(Resume) ?? result.GetValue(Output),
            toTerminal ?? !Console.IsOutputRedirected);

    /// <summary>Which records are written: only the failed ones, only the others, or all.</summary>
    public RecordFilter Only(ParseResult result) =>
        result.GetValue(OnlyFailed) ? RecordFilter.OnlyFailed : result.GetValue(OnlyOk) ? RecordFilter.OnlyOk : RecordFilter.All;

    /// <summary>The log level that --quiet or --verbose asks for.</summary>
    public string LogLevel(ParseResult result) =>
        result.GetValue(Quiet) ? "Warning" : result.GetValue(Verbose) ? "Debug" : "Information";
}
