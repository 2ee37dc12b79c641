using System.CommandLine;
using System.CommandLine.Completions;

namespace WebFetch.Cli;

/// <summary>
/// A command as the shell completions and the man page see it, read from the same definitions
/// that parse the command line and print --help, so that none of them can drift from the code.
/// Hidden commands and options are left out.
/// </summary>
/// <param name="Words">The words that name it after <c>webfetch</c> (empty for the root).</param>
/// <param name="Arguments">Its arguments' names, with "..." after one that takes several.</param>
/// <param name="ArgumentValues">The values its arguments accept when they are few; when none, they are file names.</param>
internal sealed record CommandShape(IReadOnlyList<string> Words, string Description, IReadOnlyList<string> Subcommands,
    IReadOnlyList<OptionShape> Options, IReadOnlyList<string> Arguments, IReadOnlyList<string> ArgumentValues)
{
    /// <summary>The words joined with spaces, as a user types them after <c>webfetch</c>.</summary>
    public string Path => string.Join(' ', Words);

    /// <summary>Every visible command below <paramref name="root"/>, the root first, parents before their children.</summary>
    public static IReadOnlyList<CommandShape> All(Command root)
    {
        var shapes = new List<CommandShape>();
        Add(root, [], shapes);
        return shapes;
    }

    private static void Add(Command command, IReadOnlyList<string> words, List<CommandShape> shapes)
    {
        Command[] children = [.. command.Subcommands.Where(c => !c.Hidden)];
        shapes.Add(new CommandShape(words, command.Description ?? "", [.. children.Select(c => c.Name)],
            [.. command.Options.Where(o => !o.Hidden && o.Name is not "--version").Select(OptionShape.Of)],
            [.. command.Arguments.Where(a => !a.Hidden).Select(a => a.Arity.MaximumNumberOfValues > 1 ? a.Name + "..." : a.Name)],
            [.. command.Arguments.Where(a => !a.Hidden).SelectMany(a => a.GetCompletions(CompletionContext.Empty)).Select(c => c.Label)]));
        foreach (Command child in children)
        {
            Add(child, [.. words, child.Name], shapes);
        }
    }
}
