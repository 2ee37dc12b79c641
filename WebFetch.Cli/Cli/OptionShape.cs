using System.CommandLine;
using System.CommandLine.Completions;

namespace WebFetch.Cli;

/// <summary>An option: its names (the long one first), the name of its value when it takes one, and the values it accepts when they are few.</summary>
internal sealed record OptionShape(IReadOnlyList<string> Names, string? ValueName, IReadOnlyList<string> Values, string Description)
{
    public string Long => Names[0];

    /// <summary>Whether the value is a path (completed with file names).</summary>
    public bool TakesPath => ValueName is "FILE" or "PATH" or "DIR";

    public static OptionShape Of(Option option)
    {
        // the help option's DOS-style aliases (/?, /h, -?) are not worth offering
        string[] names = [.. new[] { option.Name }.Concat(option.Aliases).Where(n => n[0] == '-' && n != "-?")
            .OrderByDescending(n => n.StartsWith("--", StringComparison.Ordinal)).ThenBy(n => n, StringComparer.Ordinal)];
        bool takesValue = option.Arity.MinimumNumberOfValues > 0;
        string[] values = takesValue
            ? [.. option.GetCompletions(CompletionContext.Empty).Select(c => c.Label.ToLowerInvariant()).Where(l => l is not ("true" or "false"))]
            : [];
        return new OptionShape(names, takesValue ? option.HelpName ?? "VALUE" : null, values, option.Description ?? "");
    }
}
