using Xunit;

namespace WebFetch.Tests.Architecture;

/// <summary>The dependency scan on small made-up sources: what it must see, and what it must not take for a reference.</summary>
public sealed class FolderScanTests
{
    private static readonly SourceFile WorkerSettings = FolderScan.Parse("Worker/WorkerSettings.cs", """
        namespace WebFetch.Worker;

        internal sealed record WorkerSettings(int Concurrency);
        """);

    private static readonly SourceFile Defaults = FolderScan.Parse("Defaults.cs", """
        namespace WebFetch;

        internal static class Defaults
        {
            public const int Retries = 2;
        }
        """);

    private static List<string> Found(string path, string source) =>
        FolderScan.References([WorkerSettings, Defaults, FolderScan.Parse(path, source)])
            .Where(r => r.File == path)
            .Select(r => $"{r.From} -> {r.To} {r}")
            .ToList();

    [Fact]
    public void AUsingDirectiveOfAnotherFolderIsAReference()
    {
        List<string> found = Found("Supervisor/Launcher.cs", """
            using WebFetch.Worker;

            namespace WebFetch.Supervisor;
            """);

        Assert.Equal(["Supervisor -> Worker Supervisor/Launcher.cs:1: WebFetch.Worker"], found);
    }

    [Fact]
    public void ANameQualifiedRelativeToTheEnclosingNamespaceIsAReference()
    {
        List<string> found = Found("Protocol/ProtocolJson.cs", """
            namespace WebFetch.Protocol;

            [JsonSerializable(typeof(Worker.WorkerSettings))]
            internal sealed partial class ProtocolJson;
            """);

        Assert.Equal(["Protocol -> Worker Protocol/ProtocolJson.cs:3: Worker.WorkerSettings"], found);
    }

    [Fact]
    public void ACrefInADocumentationCommentIsAReference()
    {
        List<string> found = Found("Fetching/FetchOptions.cs", """
            namespace WebFetch.Fetching;

            /// <summary>Read once per worker: see <see cref="Worker.WorkerSettings"/>.</summary>
            internal sealed record FetchOptions;
            """);

        Assert.Equal(["Fetching -> Worker Fetching/FetchOptions.cs:3: Worker.WorkerSettings"], found);
    }

    [Fact]
    public void ARootTypeUsedWithoutAUsingIsAReferenceToTheRoot()
    {
        List<string> found = Found("Urls/Parser.cs", """
            namespace WebFetch.Urls;

            internal static class Parser
            {
                private static string Describe() => $"tries {Defaults.Retries} times, as {WebFetch.Defaults.Retries} says";
            }
            """);

        Assert.Equal(["Urls -> WebFetch Urls/Parser.cs:5: Defaults", "Urls -> WebFetch Urls/Parser.cs:5: WebFetch.Defaults"], found);
    }

    [Fact]
    public void StringsMemberAccessesAndProseAreNotReferences()
    {
        List<string> found = Found("Output/Writer.cs", """"
            namespace WebFetch.Output;

            // The Worker folder's settings, the Defaults of each option: words, not references.
            internal static class Writer
            {
                private const string Name = "Worker.WorkerSettings";
                private const char Quote = '"';
                private static string Verbatim => @"WebFetch.Worker ""Defaults"" ";
                private static int Count(Options options) => options.Worker.WorkerSettings + options.Defaults;
                private static string Raw => $$"""{ "Worker.WorkerSettings": {{Name}} }""";
            }
            """");

        Assert.Empty(found);
    }

    [Fact]
    public void ACircleIsReportedWithTheFoldersOnIt()
    {
        FolderReference[] references =
        [
            new("Protocol", "Worker", "Protocol/ProtocolJson.cs", 12, "Worker.WorkerSettings"),
            new("Worker", "Protocol", "Worker/WorkerHost.cs", 3, "WebFetch.Protocol"),
            new("Worker", "Fetching", "Worker/WorkerHost.cs", 4, "WebFetch.Fetching"),
            new("Fetching", "Urls", "Fetching/PageFetcher.cs", 5, "WebFetch.Urls"),
        ];

        var graph = new FolderGraph(["Urls", "Fetching", "Protocol", "Worker"], references);

        IReadOnlyList<string> cycle = Assert.Single(graph.Cycles());
        Assert.Equal(["Protocol", "Worker", "Protocol"], cycle);
    }

    [Fact]
    public void FoldersThatDependOneWayHaveNoCircle()
    {
        FolderReference[] references =
        [
            new("Worker", "Protocol", "Worker/WorkerHost.cs", 3, "WebFetch.Protocol"),
            new("Worker", "Fetching", "Worker/WorkerHost.cs", 4, "WebFetch.Fetching"),
            new("Fetching", "Protocol", "Fetching/PageFetcher.cs", 5, "WebFetch.Protocol"),
        ];

        var graph = new FolderGraph(["Fetching", "Protocol", "Worker"], references);

        Assert.Empty(graph.Cycles());
        Assert.Equal(3, graph.Edges.Count());
    }
}
