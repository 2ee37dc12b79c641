using System.Text.Json;
using WebFetch.Queue;
using WebFetch.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.Queue;

/// <summary>
/// Queue servers that require a token, a user and password, or TLS, set up by a config file of
/// the test's own: the right credential carries a run over one agent end to end; a wrong one is
/// one line and exit 2 within seconds; the secret shows in no log line and in no process's
/// arguments, and the agent's workers do not inherit it.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class QueueCredentialsTests(LocalSite site, ITestOutputHelper output) : IDisposable
{
    private const string Secret = "Queue-S3cret-7781";

    private static readonly TimeSpan RunBound = TimeSpan.FromSeconds(90);

    private readonly QueueSecrets _secrets = new();

    [Fact(Timeout = 180_000)]
    public async Task ATokenFromTheEnvironmentCarriesARunAndAWrongOneIsOneLineAndExit2()
    {
        var server = new NatsServer(extraArguments: ["-c", _secrets.ServerConfig($"authorization {{ token: \"{Secret}\" }}")]);
        await using QueueRig rig = QueueRig.Over(server, output);
        rig.AgentEnvironment[QueueAddress.TokenVariable] = Secret;
        rig.Collector.Environment[QueueAddress.TokenVariable] = Secret;

        await AssertRunsAsync(rig, []);
        await AssertRefusedAsync(server.Url, [], new() { [QueueAddress.TokenVariable] = "Wrong-" + Secret },
            $"the queue server at {server.Url} refused the credentials");
    }

    [Fact(Timeout = 180_000)]
    public async Task AUserWithAPasswordFromTheEnvironmentCarriesARunAndAWrongOneIsOneLineAndExit2()
    {
        var server = new NatsServer(extraArguments: ["-c", _secrets.ServerConfig($"authorization {{ user: alice, password: \"{Secret}\" }}")]);
        await using QueueRig rig = QueueRig.Over(server, output);
        rig.QueueUrl = $"nats://alice@127.0.0.1:{server.Port}";
        rig.AgentEnvironment[QueueAddress.PasswordVariable] = Secret;
        rig.Collector.Environment[QueueAddress.PasswordVariable] = Secret;

        await AssertRunsAsync(rig, []);
        await AssertRefusedAsync(rig.QueueUrl, [], new() { [QueueAddress.PasswordVariable] = "Wrong-" + Secret },
            $"the queue server at {server.Url} refused the credentials");
    }

    [Fact(Timeout = 60_000)]
    public async Task APasswordInTheUrlStillWorksAndIsWarnedAboutWithoutBeingShown()
    {
        using var server = new NatsServer(extraArguments: ["-c", _secrets.ServerConfig($"authorization {{ user: alice, password: \"{Secret}\" }}")]);
        using var cli = new CliRunner();

        CliRun status = await cli.RunAsync(["queue", "status", "--json", "--queue", $"nats://alice:{Secret}@127.0.0.1:{server.Port}"], timeout: TimeSpan.FromSeconds(30));

        output.WriteLine(status.Stderr);
        Assert.True(status.ExitCode == 0, $"exit {status.ExitCode}: {status.Stderr}");
        Assert.Contains($"give it in {QueueAddress.PasswordVariable} or {QueueAddress.TokenVariable} instead", status.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, status.Stderr + string.Join('\n', status.StdoutLines), StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task TlsWithTheServersCaCarriesARunAndAnotherCaOrNoneIsOneLineAndExit2()
    {
        (string ca, string cert, string key) = _secrets.ServerCertificate("queue");
        (string otherCa, _, _) = _secrets.ServerCertificate("other");
        var server = new NatsServer(extraArguments: ["-c", _secrets.ServerConfig($"tls {{ cert_file: \"{cert}\", key_file: \"{key}\", timeout: 5 }}")]);
        await using QueueRig rig = QueueRig.Over(server, output);
        rig.AgentArguments.AddRange(["--queue-tls-ca", ca]);

        await AssertRunsAsync(rig, ["--queue-tls-ca", ca]);
        string untrusted = $"the queue server at {server.Url} has a TLS certificate this machine does not trust";
        await AssertRefusedAsync(server.Url, ["--queue-tls-ca", otherCa], [], untrusted);
        await AssertRefusedAsync(server.Url, [], [], untrusted);
    }

    [Fact(Timeout = 120_000)]
    public async Task ACredsOrCaFileThatCannotServeIsOneLineThatNamesItAndExit2()
    {
        using var server = new NatsServer();
        const string seed = "SUAKFAKESEEDNOTTOBESHOWN";
        string fake = $"-----BEGIN NATS USER JWT-----\neyFAKE\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n{seed}\n------END USER NKEY SEED------\n";
        string missing = Path.Combine(_secrets.Directory, "missing.creds");
        string notCreds = _secrets.Write("not.creds", $"{seed}\n");
        string shared = _secrets.Write("shared.creds", fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        string notPem = _secrets.Write("ca.pem", "not a certificate\n");

        await AssertRefusedAsync(server.Url, ["--queue-creds", missing], [], $"--queue-creds {missing}: cannot read it", seed);
        await AssertRefusedAsync(server.Url, ["--queue-creds", notCreds], [], $"--queue-creds {notCreds}: not a NATS credentials file", seed);
        await AssertRefusedAsync(server.Url, ["--queue-creds", shared], [], $"--queue-creds {shared}: other users of this machine can read or change it", seed);
        await AssertRefusedAsync(server.Url, ["--queue-tls-ca", notPem], [], $"--queue-tls-ca {notPem}: no PEM certificate in it");
    }

    /// <summary>One agent and a run of a few lines over the rig's locked server: every line gets its record, and the secret is nowhere to be seen.</summary>
    private async Task AssertRunsAsync(QueueRig rig, string[] runOptions)
    {
        string[] urls = Enumerable.Range(0, 5).Select(n => site.Url($"page/{n}")).ToArray();
        QueueAgent agent = await rig.StartAgentAsync(workers: 1, concurrency: 2);
        // what ps shows of the agent and its worker, and what the worker inherited
        string arguments = string.Join('\n', agent.Processes.Select(pid => ProcessFile(pid, "cmdline")));
        string inherited = string.Join('\n', agent.Workers.Select(pid => ProcessFile(pid, "environ")));

        await using RunningCli queued = rig.StartRun(rig.Collector.WriteInput(urls), ["-q", .. runOptions]);
        CliRun run = await queued.WaitAsync(RunBound);
        CliRun served = await agent.StopAsync(TimeSpan.FromSeconds(30));

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal(urls.Order(), run.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("url").GetString()!).Order());
        Assert.Equal(0, served.ExitCode);
        Assert.Contains("serve", arguments, StringComparison.Ordinal);
        Assert.Contains("TMPDIR=", inherited, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, arguments + inherited + run.Stderr + served.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A file of /proc/PID (its NULs as newlines); empty if the process is gone.</summary>
    internal static string ProcessFile(int pid, string name)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{name}").Replace('\0', '\n');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private Task AssertRefusedAsync(string queue, string[] options, Dictionary<string, string> environment, string expected, string secret = Secret) =>
        QueueRefusal.AssertAsync(site, output, queue, expected, options, environment, secret);

    public void Dispose() => _secrets.Dispose();
}
