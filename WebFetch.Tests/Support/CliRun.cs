using System.Text.Json;

namespace WebFetch.Tests.Support;

/// <summary>What one run of the real CLI produced.</summary>
public sealed record CliRun(int ExitCode, IReadOnlyList<string> StdoutLines, string Stderr, int Pid)
{
    /// <summary>Every stdout line parsed as JSON; a line that is not JSON fails the test.</summary>
    public IReadOnlyList<JsonElement> Records => StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    public JsonElement RecordFor(string url) => Records.Single(r => r.GetProperty("url").GetString() == url);
}
