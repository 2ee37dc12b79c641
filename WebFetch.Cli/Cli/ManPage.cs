using System.Globalization;
using System.Text;

namespace WebFetch.Cli;

/// <summary>
/// The man page webfetch(1), in roff's man macros, generated from <see cref="CommandShape"/>:
/// every command with its arguments and options as --help gives them, then the exit codes and
/// the environment.
/// </summary>
internal static class ManPage
{
    public static string Write(IReadOnlyList<CommandShape> commands, string version, DateOnly date)
    {
        var page = new StringBuilder();
        page.Append(CultureInfo.InvariantCulture, $".TH WEBFETCH 1 \"{date:yyyy-MM-dd}\" \"webfetch {Escape(version)}\" \"User Commands\"\n");
        page.Append(".SH NAME\nwebfetch \\- fetch many URLs through a pool of pre-started worker processes\n");
        page.Append(".SH SYNOPSIS\n");
        foreach (CommandShape command in commands.Where(c => c.Words.Count > 0 && c.Subcommands.Count == 0))
        {
            page.Append(".B webfetch ").Append(Escape(command.Path)).Append('\n');
            page.Append(".RI [ options ]\n");
            foreach (string argument in command.Arguments)
            {
                page.Append(".I ").Append(Escape(argument)).Append('\n');
            }
            page.Append(".br\n");
        }
        page.Append(".SH DESCRIPTION\n").Append(Escape(commands[0].Description)).Append('\n');
        page.Append(".PP\nRecords go to standard output, one per input line; logs and the summary go to standard error.\n");
        foreach (CommandShape command in commands.Where(c => c.Words.Count > 0))
        {
            page.Append(".SH \"").Append(Escape(command.Path.ToUpperInvariant())).Append("\"\n");
            page.Append(Escape(command.Description)).Append('\n');
            foreach (OptionShape option in command.Options)
            {
                page.Append(".TP\n").AppendJoin(", ", option.Names.Select(n => $"\\fB{Escape(n)}\\fR"));
                if (option.ValueName is not null)
                {
                    page.Append(" \\fI").Append(Escape(option.ValueName)).Append("\\fR");
                }
                page.Append('\n').Append(Escape(option.Description));
                if (option.Values.Count > 0)
                {
                    page.Append(" (").Append(Escape(string.Join(", ", option.Values))).Append(')');
                }
                page.Append('\n');
            }
        }
        page.Append("""
            .SH "EXIT STATUS"
            .TP
            .B 0
            every URL got an HTTP response (any status, unless a failure rule such as \-\-fail says otherwise)
            .TP
            .B 1
            at least one URL ended with an error record
            .TP
            .B 2
            a usage or configuration error: a bad option, an unreadable input, an output that cannot be written, workers that cannot start, a queue that cannot be used, an incomplete install
            .TP
            .B 70
            an internal error (a bug), told with its stack trace on standard error
            .TP
            .B 130
            interrupted by SIGINT
            .TP
            .B 141
            standard output was closed by its reader
            .TP
            .B 143
            terminated by SIGTERM
            .SH ENVIRONMENT
            .TP
            .B NO_COLOR
            no colour in the log or in the text records, whatever the terminal
            .TP
            .BR HTTP_PROXY ", " HTTPS_PROXY ", " NO_PROXY
            the proxy for URLs of each scheme, and the hosts that go direct, unless \-\-proxy is given
            .SH "SEE ALSO"
            .BR curl (1),
            .BR wget2 (1)

            """);
        return page.ToString();
    }

    /// <summary>Text as roff reads it: backslashes and hyphens escaped, no line starting with a control character.</summary>
    private static string Escape(string text)
    {
        string escaped = text.Replace("\\", "\\e", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal)
            .Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        return escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" + escaped : escaped;
    }
}
