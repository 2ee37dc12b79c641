using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.Architecture;

/// <summary>
/// The folders of WebFetch.Cli depend on each other one way only, downward in <see cref="Layers"/>.
/// The dependencies are read from the source by <see cref="FolderScan"/> (see its limits there):
/// using directives, qualified names and crefs, not types reached without being named; and,
/// as a check on that reading, from the compiled assembly by <see cref="AssemblyScan"/>.
/// </summary>
public sealed class FolderDependencyTests(ITestOutputHelper output)
{
    /// <summary>
    /// The folders from the bottom to the top: each may use any folder below it and none above.
    /// <list type="number">
    /// <item>Interop: every native call and Linux constant.</item>
    /// <item>Urls: the WHATWG URL parser and IDNA.</item>
    /// <item>Errors: walking an exception's chain of causes.</item>
    /// <item>Text: splitting bytes into bounded lines.</item>
    /// <item>WebFetch: the root namespace, Defaults and Timings.</item>
    /// <item>Logs: the stderr logger and the redaction of secrets, used by the parent and the worker.</item>
    /// <item>Protocol: the messages between parent and worker and their JSON.</item>
    /// <item>Fetching: one page fetched and parsed.</item>
    /// <item>Worker: the worker process, its settings and their JSON.</item>
    /// <item>Input: URL lines read and admitted.</item>
    /// <item>Output: records written, resume files, run statistics.</item>
    /// <item>Supervisor: the pool of workers and the dispatch to them.</item>
    /// <item>Pipeline: the dispatcher's stages, from a URL source to a record sink.</item>
    /// <item>Queue: a run across machines over NATS JetStream: the collector and the agent.</item>
    /// <item>Cli: the command line and the composition of a run.</item>
    /// <item>Program: the entry point (top-level statements, assembly attributes).</item>
    /// </list>
    /// </summary>
    private static readonly string[] Layers =
        ["Interop", "Errors", "Text", "Urls", FolderScan.Root, "Logs", "Protocol", "Fetching", "Worker", "Input", "Output", "Supervisor", "Pipeline", "Queue", "Reports", "Crawl", "Cli", FolderScan.EntryPoint];

    private static readonly Lazy<IReadOnlyList<SourceFile>> Files = new(() => FolderScan.Load(ProjectDirectory.Of("WebFetch.Cli")));

    private static FolderGraph Graph() => new(Files.Value.Select(f => f.Folder), FolderScan.References(Files.Value));

    [Fact]
    public void NoTwoFoldersDependOnEachOtherThroughACircle()
    {
        string circles = Circles(Graph());

        Assert.True(circles.Length == 0, circles);
    }

    [Fact]
    public void EveryFolderDependsOnlyOnFoldersBelowItInTheLayering()
    {
        FolderGraph graph = Graph();
        foreach (var (from, to, references) in graph.Edges)
        {
            output.WriteLine($"{from} -> {to} ({references.Count} references)");
        }

        string upward = UpwardDependencies(graph);

        Assert.True(upward.Length == 0, upward);
    }

    [Fact]
    public void TheCompiledAssemblyHasNoCircleAndNoUpwardDependencyEither()
    {
        IReadOnlyList<FolderReference> references = AssemblyScan.References(typeof(Defaults).Assembly);
        var graph = new FolderGraph([], references);
        foreach (var (from, to, used) in graph.Edges)
        {
            output.WriteLine($"{from} -> {to} ({used.Count} types used)");
        }

        string problems = Circles(graph) + UpwardDependencies(graph);

        Assert.NotEmpty(references);
        Assert.True(problems.Length == 0, problems);
    }

    private static string Circles(FolderGraph graph)
    {
        var message = new StringBuilder();
        foreach (IReadOnlyList<string> cycle in graph.Cycles())
        {
            message.Append("Folders of WebFetch.Cli depend on each other in a circle: ").AppendJoin(" -> ", cycle).AppendLine();
            for (int i = 0; i + 1 < cycle.Count; i++)
            {
                Describe(message, cycle[i], cycle[i + 1], graph.ReferencesFrom(cycle[i], cycle[i + 1]));
            }
        }
        return message.ToString();
    }

    private static string UpwardDependencies(FolderGraph graph)
    {
        var message = new StringBuilder();
        foreach (var (from, to, references) in graph.Edges)
        {
            int fromLayer = Array.IndexOf(Layers, from);
            int toLayer = Array.IndexOf(Layers, to);
            if (fromLayer >= 0 && toLayer >= 0 && toLayer > fromLayer)
            {
                message.Append(from).Append(" depends on ").Append(to).Append(", which is above it in the layering (")
                    .AppendJoin(" < ", Layers).AppendLine("):");
                Describe(message, from, to, references);
            }
        }
        return message.ToString();
    }

    [Fact]
    public void EveryFolderHasItsPlaceInTheLayering()
    {
        string[] unknown = Graph().Folders.Where(f => !Layers.Contains(f)).ToArray();

        Assert.True(unknown.Length == 0,
            $"Folder(s) {string.Join(", ", unknown)} of WebFetch.Cli not in the layering: add each to {nameof(FolderDependencyTests)}.{nameof(Layers)}, " +
            "above every folder it uses and below every folder that uses it.");
    }

    [Fact]
    public void EveryFileDeclaresTheNamespaceOfItsFolder()
    {
        string[] misplaced = Files.Value
            .Where(f => f.Namespaces.Any(ns => ExpectedNamespace(f.Folder) is not { } expected || (ns != expected && !ns.StartsWith(expected + ".", StringComparison.Ordinal))))
            .Select(f => $"{f.Path}: namespace {string.Join(", ", f.Namespaces)}, not {ExpectedNamespace(f.Folder) ?? "(none: the global namespace)"}")
            .ToArray();

        Assert.True(misplaced.Length == 0, "A file's namespace names its folder (the dependency scan relies on it):\n" + string.Join('\n', misplaced));
    }

    [Fact]
    public void NoGlobalUsingHidesAReferenceToAFolder()
    {
        string project = ProjectDirectory.Of("WebFetch.Cli");

        IReadOnlyList<string> globalUsings = FolderScan.GlobalUsings(project, Files.Value);

        Assert.True(globalUsings.Count == 0,
            "A global using of a WebFetch namespace makes its folder's types usable without naming it, out of the dependency scan's sight:\n" + string.Join('\n', globalUsings));
    }

    private static string? ExpectedNamespace(string folder) => folder switch
    {
        FolderScan.EntryPoint => null,
        FolderScan.Root => FolderScan.Root,
        _ => $"{FolderScan.Root}.{folder}",
    };

    private static void Describe(StringBuilder message, string from, string to, IReadOnlyList<FolderReference> references)
    {
        message.Append("  ").Append(from).Append(" -> ").Append(to).AppendLine(":");
        const int Shown = 5;
        foreach (FolderReference reference in references.Take(Shown))
        {
            message.Append("    ").Append(reference).AppendLine();
        }
        if (references.Count > Shown)
        {
            message.Append("    and ").Append(references.Count - Shown).AppendLine(" more");
        }
    }
}
