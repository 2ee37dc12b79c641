using System.CommandLine;

namespace WebFetch.Cli;

/// <summary>
/// <c>webfetch completion bash|zsh|fish</c>, which prints a completion script, and the hidden
/// <c>webfetch man</c>, which prints the man page (an install writes it to share/man/man1):
/// both read the command line's own definitions.
/// </summary>
internal static class CompletionCommandLine
{
    public static Command Completion(Func<RootCommand> definitions)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong([.. ShellCompletion.Shells]);
        var command = new Command("completion", "Print a completion script for bash, zsh or fish, e.g. source <(webfetch completion bash)") { shell };
        command.SetAction(result =>
        {
            Console.Out.Write(ShellCompletion.For(result.GetValue(shell)!, CommandShape.All(definitions())));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Man(Func<RootCommand> definitions)
    {
        var command = new Command("man", "Print the man page, webfetch(1), in roff") { Hidden = true };
        command.SetAction(_ =>
        {
            string version = typeof(ManPage).Assembly.GetName().Version!.ToString(3);
            Console.Out.Write(ManPage.Write(CommandShape.All(definitions()), version, DateOnly.FromDateTime(File.GetLastWriteTimeUtc(Environment.ProcessPath ?? ""))));
            return ExitCodes.Success;
        });
        return command;
    }
}
