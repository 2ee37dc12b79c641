using WebFetch.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Worker;

/// <summary>The hidden worker subcommand started by hand, through the real executable, with settings it cannot use.</summary>
public sealed class WorkerSettingsTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory(Timeout = 30_000)]
    [InlineData("not json", "is not valid worker settings: 'not json' is an invalid JSON literal")]
    [InlineData("null", "is not valid worker settings: it is null")]
    [InlineData("{}", "is not valid worker settings: JSON deserialization for type 'WebFetch.Worker.WorkerSettings' was missing required properties")]
    [InlineData("{\"listen_fd\":3,\"parent_pid\":1,\"fetch\":null}", "is not valid worker settings: fetch is null")]
    [InlineData("{\"listen_fd\":3,\"parent_pid\":1,\"fetch\":{},\"concurrency\":0}", "is not valid worker settings: concurrency is 0, not at least 1")]
    [InlineData("{\"listen_fd\":999,\"parent_pid\":1,\"fetch\":{},\"concurrency\":1}", "listen_fd 999 is not an open file descriptor of this process")]
    [InlineData("{\"listen_fd\":0,\"parent_pid\":1,\"fetch\":{},\"concurrency\":1}", "listen_fd 0 is not a socket")]
    public async Task AWorkerStartedWithSettingsItCannotUseSaysWhyInOneLineAndExitsTwo(string settings, string problem)
    {
        _cli.Environment["WEBFETCH_WORKER"] = settings;

        CliRun run = await _cli.RunAsync(["worker"]);

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"webfetch worker: WEBFETCH_WORKER {problem}", line, StringComparison.Ordinal);
        Assert.EndsWith("the worker subcommand is internal: use 'webfetch run'.", line, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
    }

    [Fact(Timeout = 30_000)]
    public async Task AWorkerStartedByHandWithoutSettingsRefusesWithTheCodeOfRefusedSettings()
    {
        CliRun run = await _cli.RunAsync(["worker"]);

        Assert.Equal(WorkerExitCodes.SettingsRefused, run.ExitCode);
        Assert.Equal("webfetch: the worker subcommand is internal; use 'webfetch run'.", Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Empty(run.StdoutLines);
    }
}
