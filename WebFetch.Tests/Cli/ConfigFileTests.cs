using System.Text.Json;
using WebFetch.Cli;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Cli;

/// <summary>The config file: its lines, where it is found, what the command line overrides, and what is refused.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class ConfigFileTests(LocalSite site) : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly string _home = Directory.CreateTempSubdirectory("wf-config-").FullName;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public void EachLineIsAnOptionWithOrWithoutDashesEqualsOrQuotes()
    {
        IReadOnlyList<ConfigFile.Entry> entries = ConfigFile.Parse("c", """
            # defaults
            workers = 4

            --concurrency 8
            insecure
            w=2
            header = "X-Note: say \"hi\" \\ bye"
              user-agent   probe/1 (+ops)
            """);

        Assert.Equal(
            [new(2, "--workers", "4"), new(4, "--concurrency", "8"), new(5, "--insecure", null), new(6, "-w", "2"),
             new(7, "--header", "X-Note: say \"hi\" \\ bye"), new(8, "--user-agent", "probe/1 (+ops)")],
            entries);
    }

    [Theory]
    [InlineData("workers = \"4", "c:1: a quote is not closed")]
    [InlineData("\n\nheader = \"a\" b", "c:3: text after the closing quote")]
    [InlineData("= 4", "c:1: an option name is missing")]
    public void ALineThatCannotBeReadIsNamedByItsNumber(string text, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigException>(() => ConfigFile.Parse("c", text)).Message);

    [Fact(Timeout = 60_000)]
    public async Task TheDefaultFileUnderXdgConfigHomeIsReadAndTheCommandLineWins()
    {
        WriteConfig(Path.Combine(_home, "webfetch", "config"), "fail\nformat = csv\n");
        _cli.Environment["XDG_CONFIG_HOME"] = _home;
        string input = _cli.WriteInput(site.Url("status/404"));

        CliRun fromFile = await _cli.RunAsync(["run", input, "-w", "1"]);
        CliRun overridden = await _cli.RunAsync(["run", input, "-w", "1", "--format", "jsonl"]);
        CliRun withoutFile = await _cli.RunAsync(["run", input, "-w", "1", "--config", "/dev/null"]);

        Assert.Equal(1, fromFile.ExitCode); // fail: a 404 is an error
        Assert.StartsWith("url,final_url,status,", fromFile.StdoutLines[0], StringComparison.Ordinal);
        Assert.Equal(1, overridden.ExitCode);
        Assert.Equal("http_status", overridden.RecordFor(site.Url("status/404")).GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(0, withoutFile.ExitCode);
        Assert.Equal(JsonValueKind.Null, withoutFile.RecordFor(site.Url("status/404")).GetProperty("error").ValueKind);
    }

    [Fact(Timeout = 60_000)]
    public async Task AnUnknownOptionOrABadValueIsAUsageErrorWithTheLine()
    {
        string config = Path.Combine(_home, "bad");
        string input = _cli.WriteInput(site.Url("page/1"));

        WriteConfig(config, "# fine\nworkers = 1\nworkres = 2\n");
        CliRun unknown = await _cli.RunAsync(["run", input, "-K", config]);
        WriteConfig(config, "workers = 1\nretries = many\n");
        CliRun badValue = await _cli.RunAsync(["run", input, "--config", config]);

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains($"{config}:3: unknown option '--workres'", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badValue.ExitCode);
        Assert.Contains($"{config}:2: --retries must be a whole number", badValue.Stderr, StringComparison.Ordinal);
        Assert.Empty(unknown.StdoutLines);
        Assert.Empty(badValue.StdoutLines);
    }

    [Fact(Timeout = 60_000)]
    public async Task AFileOtherUsersCanChangeIsNotRead()
    {
        string config = Path.Combine(_home, "shared");
        WriteConfig(config, "proxy = http://127.0.0.1:9\n");
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-K", config]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("can be changed by other users (mode 0606): not read", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
    }

    private static void WriteConfig(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
