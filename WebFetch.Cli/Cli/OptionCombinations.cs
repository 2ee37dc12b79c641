using System.CommandLine;
using System.CommandLine.Parsing;
using WebFetch.Output;

namespace WebFetch.Cli;

/// <summary>The checks of how the options of <c>webfetch run</c> combine, made once each option has parsed on its own.</summary>
internal static class OptionCombinations
{
    /// <summary>
    /// A check of how options combine, skipped when one of the values it reads is missing
    /// (<c>-o</c> as the last word): the parser has already said so, and reading such a value
    /// throws.
    /// </summary>
    public static Action<CommandResult> UnlessAValueIsMissing(Action<CommandResult> validate) => command =>
    {
        try
        {
            validate(command);
        }
        catch (InvalidOperationException) when (command.Children.Any(child => child.Errors.Any()) || command.Errors.Any())
        {
            // reported by the parser: "Required argument missing for option: '-o'."
        }
    };

    /// <summary>
    /// Refuses options that contradict each other: --quiet with --verbose, two readers of stdin, a --format that is
    /// not the one the output file's extension names (a .csv file of JSON Lines breaks the
    /// spreadsheet that opens it), --resume with CSV or text, as it reads and appends JSON Lines only,
    /// and --only-failed or --only-ok with each other or with --resume, whose file must hold a record of every URL.
    /// </summary>
    public static void Check(CommandResult command, Argument<string[]> files, FetchOptionGroup fetch, OutputOptionGroup output)
    {
        if (command.GetResult(fetch.Headers) is { } headerResult && headerResult.Tokens.Any(t => t.Value == "@-")
            && command.GetValue(files) is { } inputs && inputs.Contains("-"))
        {
            command.AddError("--header @- and the input '-' cannot both read stdin: put the headers or the URLs in a file");
        }
        if (command.GetValue(output.Quiet) && command.GetValue(output.Verbose))
        {
            command.AddError("--quiet and --verbose cannot be used together");
        }
        CheckFormat(command, output);
        CheckOnly(command, output);
    }

    private static void CheckOnly(CommandResult command, OutputOptionGroup output)
    {
        bool failed = command.GetValue(output.OnlyFailed);
        bool ok = command.GetValue(output.OnlyOk);
        if (failed && ok)
        {
            command.AddError("--only-failed and --only-ok cannot be used together: leave both out to write every record");
        }
        else if ((failed || ok) && command.GetValue(output.Resume) is not null)
        {
            command.AddError($"{(failed ? "--only-failed" : "--only-ok")} cannot be used with --resume: the resume file must hold a record of every URL "
                + "(write to --output FILE instead, or filter the file afterwards)");
        }
    }

    private static void CheckFormat(CommandResult command, OutputOptionGroup output)
    {
        OutputFormat? given = null;
        if (command.GetResult(output.Format) is { Tokens.Count: > 0 } formatResult)
        {
            given = OptionParsers.FormatNamed(formatResult.Tokens[^1].Value);
            if (given is null)
            {
                return; // a bad --format, already reported by its parser
            }
        }
        string? resumeFile = command.GetValue(output.Resume);
        string? file = resumeFile ?? command.GetValue(output.Output);
        OutputFormat? named = file is null ? null : FormatByExtension.Of(file);
        if (given is OutputFormat chosen && named is OutputFormat promised && chosen != promised)
        {
            command.AddError($"--format {FormatByExtension.Name(chosen)} would write {FormatByExtension.Description(chosen)} into '{file}', "
                + $"whose name says {FormatByExtension.Description(promised)}: name the file for its format, or leave --format out");
        }
        else if (resumeFile is not null && CommandLineApp.ChosenFormat(given, resumeFile) is not OutputFormat.Jsonl and var other)
        {
            command.AddError(given is null
                ? $"--resume reads and appends JSON Lines only, and '{resumeFile}' is named as a CSV file: give it a .jsonl name"
                : $"--resume reads and appends JSON Lines only: it cannot be used with --format {FormatByExtension.Name(other)}");
        }
    }
}
