using Mono.Unix.Native;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>
/// Credentials through the real CLI: headers from a file or the environment reach the server
/// and never any process's command line, which every local user can read.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class SecretTests(FetchSite site) : IClassFixture<FetchSite>, IDisposable
{
    private const string Token = "s3cret-7f2a";

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task HeadersFromAFileAreSentAndAreInNoProcessCommandLine()
    {
        string headers = WriteHeaderFile($"# staging\nAuthorization: Bearer {Token}\n\nX-Token: t\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var run = new RunningCli(_cli, ["run", "-", "-w", "2", "-H", "@" + headers], closeStdin: false);
        Assert.True(await run.WorkersAreAsync(2, TimeSpan.FromSeconds(20)), "the pool never reached 2 workers");

        foreach (int pid in (int[])[run.Pid, .. run.Workers])
        {
            Assert.DoesNotContain(Token, File.ReadAllText($"/proc/{pid}/cmdline"), StringComparison.Ordinal);
        }
        foreach (int worker in run.Workers)
        {
            // the settings, headers included, travel in the environment: readable by the same user only
            Assert.Equal(0, Syscall.stat($"/proc/{worker}/environ", out Stat stat));
            Assert.Equal(FilePermissions.S_IRUSR, stat.st_mode & FilePermissions.ACCESSPERMS);
        }
        await run.Stdin.WriteLineAsync(site.Url("credentials"));
        run.Stdin.Close();
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, done.ExitCode);
        Assert.Equal($"Bearer {Token}||t", done.Records[0].GetProperty("title").GetString());
        Assert.DoesNotContain(Token, done.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task HeadersFromStdinAreSentAndAFileOthersCanReadIsWarnedAboutEvenWhenQuiet()
    {
        string shared = WriteHeaderFile("X-Token: shared\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        string input = _cli.WriteInput(site.Url("credentials"));

        CliRun run = await _cli.RunAsync(["run", input, "-w", "1", "-q", "-H", "@-", "-H", "@" + shared], stdin: $"Authorization: Bearer {Token}\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"Bearer {Token}||shared", run.Records[0].GetProperty("title").GetString());
        Assert.Contains($"header file '{shared}' can be read by other users (mode 0604)", run.Stderr, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("X-One: 1\nBearer " + Token + "\n", "line 2: a header must look like 'Name: value'")]
    [InlineData("Content-Length: 4\n", "line 1: header 'Content-Length' describes a request body")]
    public async Task ABadHeaderFileIsAUsageErrorNamingTheLineAndNotQuotingIt(string content, string message)
    {
        string headers = WriteHeaderFile(content, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-H", "@" + headers]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--header @{headers}: {message}", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
    }

    [Fact(Timeout = 60_000)]
    public async Task AHeaderValueFromTheEnvironmentIsSentAndIsInNoCommandLine()
    {
        _cli.Environment["API_TOKEN"] = Token;
        await using var run = new RunningCli(_cli,
            ["run", "-", "-w", "1", "--variable", "%API_TOKEN", "--expand-header", "Authorization: Bearer {{API_TOKEN}}"], closeStdin: false);
        Assert.True(await run.WorkersAreAsync(1, TimeSpan.FromSeconds(20)), "the worker never started");

        foreach (int pid in (int[])[run.Pid, .. run.Workers])
        {
            Assert.DoesNotContain(Token, File.ReadAllText($"/proc/{pid}/cmdline"), StringComparison.Ordinal);
        }
        await run.Stdin.WriteLineAsync(site.Url("credentials"));
        run.Stdin.Close();
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, done.ExitCode);
        Assert.Equal($"Bearer {Token}||", done.Records[0].GetProperty("title").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task AnUnsetEnvironmentVariableIsAUsageError()
    {
        CliRun run = await _cli.RunAsync(
            ["run", _cli.WriteInput(site.Url("page/1")), "--variable", "%WEBFETCH_TEST_UNSET_TOKEN", "--expand-header", "Authorization: Bearer {{WEBFETCH_TEST_UNSET_TOKEN}}"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--variable %WEBFETCH_TEST_UNSET_TOKEN: the environment variable WEBFETCH_TEST_UNSET_TOKEN is not set", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
    }

    [Fact(Timeout = 30_000)]
    public async Task HeadersAndUrlsCannotBothComeFromStdin()
    {
        CliRun run = await _cli.RunAsync(["run", "-", "-H", "@-"], stdin: "X-Token: t\n");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--header @- and the input '-' cannot both read stdin", run.Stderr, StringComparison.Ordinal);
    }

    private string WriteHeaderFile(string content, UnixFileMode mode)
    {
        string path = Path.Combine(_cli.TempDirectory, $"headers-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }
}
