using System.Text.Json;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>The match rules of issue 19 through the real CLI and real workers: error kind match, kept fields, exit code, summary, usage errors.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class MatchRuleTests(LocalSite site) : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task AStatusOutsideMatchStatusIsAMatchFailureThatKeepsTheResponse()
    {
        CliRun run = await _cli.RunAsync(
            ["run", _cli.WriteInput(site.Url("status/404"), site.Url("page/1"), site.Url("redirect")), "-w", "2", "--match-status", "200,3xx"]);

        Assert.Equal(1, run.ExitCode);
        JsonElement missing = run.RecordFor(site.Url("status/404"));
        Assert.Equal(404, missing.GetProperty("status").GetInt32());
        Assert.Equal("Status 404", missing.GetProperty("title").GetString());
        Assert.Equal("match", missing.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal("status 404 is not in --match-status 200,3xx", missing.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, run.RecordFor(site.Url("page/1")).GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.RecordFor(site.Url("redirect")).GetProperty("error").ValueKind);
        Assert.Contains("failed (match 1)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task FailStatusLengthStringAndRegexEachFailTheirPagesOnly()
    {
        CliRun run = await _cli.RunAsync(
        [
            "run", _cli.WriteInput(site.Url("status/500"), site.Url("page/1"), site.Url("page/2"), site.Url("data.json")), "-w", "2",
            "--fail-status", "5xx", "--match-string", "Page", "--match-regex", "next|previous", "--fail-length", "-10",
        ]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("status 500 is in --fail-status 5xx", run.RecordFor(site.Url("status/500")).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, run.RecordFor(site.Url("page/1")).GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.RecordFor(site.Url("page/2")).GetProperty("error").ValueKind);
        JsonElement json = run.RecordFor(site.Url("data.json"));
        Assert.Equal("length 7 is in --fail-length -10", json.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("application/json", json.GetProperty("content_type").GetString());
        Assert.Contains("failed (match 2)", run.Stderr, StringComparison.Ordinal);

        CliRun strings = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1"), site.Url("data.json")), "-w", "1", "--match-string", "\"a\":1"]);

        Assert.Equal(1, strings.ExitCode);
        Assert.Equal("match", strings.RecordFor(site.Url("page/1")).GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, strings.RecordFor(site.Url("data.json")).GetProperty("error").ValueKind);
    }

    [Fact(Timeout = 60_000)]
    public async Task NoFollowRecordsTheRedirectWithItsLocation()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("redirect")), "-w", "1", "--no-follow", "--match-status", "3xx"]);

        Assert.Equal(0, run.ExitCode);
        JsonElement record = run.RecordFor(site.Url("redirect"));
        Assert.Equal(302, record.GetProperty("status").GetInt32());
        Assert.Equal(site.Url("page/1"), record.GetProperty("location").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("error").ValueKind);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("--match-status", "200,6xx", "--match-status: '6xx' is not a status")]
    [InlineData("--fail-length", "10-1", "--fail-length: '10-1' is not a length in bytes")]
    [InlineData("--match-regex", "(a)\\1", "--match-regex: '(a)\\1' needs what a linear-time match cannot do")]
    public async Task ABadRuleIsAUsageError(string option, string value, string message)
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), option, value]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Records);
    }
}
