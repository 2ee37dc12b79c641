using System.CommandLine;
using WebFetch.Logs;
using WebFetch.Output;

namespace WebFetch.Cli;

/// <summary>
/// The command line: <c>webfetch run FILE... [options]</c>, parsed, its errors told, and run.
/// The <c>run</c> command and its options are in <see cref="RunCommandLine"/>.
/// </summary>
internal static class CommandLineApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        ConfigArguments config;
        try
        {
            config = ConfigArguments.Apply(args, Build(), Parsing);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"webfetch: {e.Message}");
            return ExitCodes.Usage;
        }
        ParseResult parsed = Parse(config.Arguments);
        if (parsed.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
            {
                string where = OptionOf(error.SymbolResult) is Option option && config.LineOf(option) is int line ? $"{config.Path}:{line}: " : "";
                Console.Error.WriteLine($"webfetch: {where}{Redact.Secrets(error.Message)}");
            }
            Console.Error.WriteLine($"Try '{HelpFor(parsed)}'.");
            return ExitCodes.Usage;
        }
        // webfetch handles SIGINT/SIGTERM itself (grace period, second interrupt), so the
        // library's own termination handling is off.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }

    /// <summary>
    /// Parses a command line. Response files are off: an argument starting with <c>@</c> is
    /// taken as written (<c>-H @FILE</c> names a header file, which is read as headers, one a
    /// line, and not spliced into the command line as words).
    /// </summary>
    internal static ParseResult Parse(string[] args) => Build().Parse(args, Parsing);

    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary><c>--config FILE</c>, <c>-K FILE</c>: options read before the command line's (<see cref="ConfigFile"/>).</summary>
    private static Option<string> ConfigOption() => new("--config", "-K")
    {
        Description = "Read options from FILE first, one a line ('workers = 4'); the command line wins [default: $XDG_CONFIG_HOME/webfetch/config when it exists]",
        HelpName = "FILE",
        Recursive = true,
    };

    /// <summary>The option a parse error is about, if any.</summary>
    private static Option? OptionOf(System.CommandLine.Parsing.SymbolResult? result) => result switch
    {
        System.CommandLine.Parsing.OptionResult option => option.Option,
        System.CommandLine.Parsing.ArgumentResult { Parent: System.CommandLine.Parsing.OptionResult option } => option.Option,
        _ => null,
    };

    /// <summary>
    /// The help that a usage error points to: the command that was given (<c>webfetch queue
    /// status --help</c>), or <c>run</c>'s when none was.
    /// </summary>
    internal static string HelpFor(ParseResult parsed)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? at = parsed.CommandResult; at is System.CommandLine.Parsing.CommandResult { Parent: not null } command; at = command.Parent)
        {
            names.Insert(0, command.Command.Name);
        }
        return $"webfetch {(names.Count == 0 ? "run" : string.Join(' ', names))} --help";
    }

    /// <summary>The unit of a plain number given to a timeout option.</summary>
    internal static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The record format: <c>--format</c> when given, else the one the output file's extension
    /// names (<c>-o out.csv</c> writes CSV), else readable text for stdout on a terminal
    /// (<paramref name="toTerminal"/>), else JSON Lines (stdout to a pipe or a file).
    /// </summary>
    internal static OutputFormat ChosenFormat(OutputFormat? given, string? outputFile, bool toTerminal = false) =>
        given ?? (outputFile is null ? (toTerminal ? OutputFormat.Text : null) : FormatByExtension.Of(outputFile)) ?? OutputFormat.Jsonl;

    internal static RootCommand Build() =>
        new("webfetch: fetch many URLs through a pool of pre-started worker processes; one record per URL on stdout (JSON Lines, or a readable line on a terminal).")
        {
            new RunCommandLine().Create(),
            new CrawlCommandLine().Create(),
            new QueueStatusCommandLine().Create(),
            new ServeCommandLine().Create(),
            CompletionCommandLine.Completion(Build),
            CompletionCommandLine.Man(Build),
            ConfigOption(),
        };
}
