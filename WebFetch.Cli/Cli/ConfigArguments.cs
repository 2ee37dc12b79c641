using System.CommandLine;
using System.CommandLine.Parsing;

namespace WebFetch.Cli;

/// <summary>
/// Puts a config file's options (<see cref="ConfigFile"/>) into a command line: each option the
/// command given defines goes in after the command's name, unless the command line gives it
/// already and it takes one value (the command line wins; repeatable options such as --header
/// add up, the file's first). An option that no command defines is an error with its line; one
/// that another command defines is left to that command.
/// </summary>
internal sealed class ConfigArguments
{
    private readonly Dictionary<string, int> _lineOf;

    private ConfigArguments(string? path, string[] arguments, Dictionary<string, int> lineOf)
    {
        Path = path;
        Arguments = arguments;
        _lineOf = lineOf;
    }

    /// <summary>The config file read, if one was.</summary>
    public string? Path { get; }

    /// <summary>The command line with the file's options in it.</summary>
    public string[] Arguments { get; }

    /// <summary>The line of the config file that gave <paramref name="option"/>, if the file gave it.</summary>
    public int? LineOf(Option option) => _lineOf.TryGetValue(option.Name, out int line) ? line : null;

    /// <param name="root">The command line's definitions, with the option that names the config file (<c>--config</c>, <c>-K</c>).</param>
    public static ConfigArguments Apply(string[] args, RootCommand root, ParserConfiguration configuration)
    {
        Option configOption = root.Options.Single(o => o.Name == "--config");
        string? path = Named(args, configOption) ?? ExistingDefault();
        if (path is null)
        {
            return new ConfigArguments(null, args, []);
        }
        IReadOnlyList<ConfigFile.Entry> entries = ConfigFile.Read(path);
        ParseResult given = root.Parse(args, configuration);
        Command command = given.CommandResult.Command;
        int after = CommandEnd(args, given.CommandResult);
        var inserted = new List<string>();
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (ConfigFile.Entry entry in entries)
        {
            if (Find(command, entry.Name) is not Option option)
            {
                if (entry.Name is "--config" or "-K" || !Defined(root, entry.Name))
                {
                    throw new ConfigException($"{path}:{entry.Line}: {(Defined(root, entry.Name) ? "a config file cannot name another" : $"unknown option '{entry.Name}'")}");
                }
                continue; // another command's
            }
            bool onCommandLine = given.GetResult(option) is OptionResult { Implicit: false };
            if (onCommandLine && option.Arity.MaximumNumberOfValues <= 1)
            {
                continue;
            }
            inserted.Add(entry.Value is null ? option.Name : $"{option.Name}={entry.Value}");
            lineOf.TryAdd(option.Name, entry.Line);
        }
        string[] merged = [.. args[..after], .. inserted, .. args[after..]];
        return new ConfigArguments(path, merged, lineOf);
    }

    /// <summary>The value of --config or -K on the command line (the last one), before <c>--</c>.</summary>
    private static string? Named(string[] args, Option configOption)
    {
        string? path = null;
        for (int i = 0; i < args.Length && args[i] != "--"; i++)
        {
            string arg = args[i];
            if ((arg == configOption.Name || configOption.Aliases.Contains(arg)) && i + 1 < args.Length)
            {
                path = args[++i];
            }
            else if (arg.StartsWith(configOption.Name + "=", StringComparison.Ordinal))
            {
                path = arg[(configOption.Name.Length + 1)..];
            }
        }
        return path;
    }

    private static string? ExistingDefault() => ConfigFile.DefaultPath() is string path && File.Exists(path) ? path : null;

    /// <summary>The index just after the words that name the command (<c>run</c>, <c>queue status</c>).</summary>
    private static int CommandEnd(string[] args, CommandResult command)
    {
        var words = new List<string>();
        for (SymbolResult? at = command; at is CommandResult { Parent: not null } result; at = result.Parent)
        {
            words.Insert(0, result.Command.Name);
        }
        int index = 0;
        foreach (string word in words)
        {
            index = Array.IndexOf(args, word, index);
            if (index < 0)
            {
                return args.Length;
            }
            index++;
        }
        return index;
    }

    private static Option? Find(Command command, string name) =>
        command.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));

    private static bool Defined(Command command, string name) =>
        Find(command, name) is not null || command.Subcommands.Any(c => Defined(c, name));
}
