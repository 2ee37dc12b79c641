using System.Text.Json;
using WebFetch.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.Queue;

/// <summary>
/// <c>--queue-creds FILE</c> against a nats-server in operator (JWT) mode, as nsc sets one up:
/// an operator, an account with JetStream, users with NKeys, made by the test
/// (<see cref="NatsCredentials"/>). A user's credentials file carries a run over an agent with
/// the same file; a user the server does not trust, a file others can read and a damaged file
/// are each one line and exit 2, never a hang; the seed shows in no output and no argument.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class QueueCredsFileTests(LocalSite site, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan RunBound = TimeSpan.FromSeconds(90);

    private readonly QueueSecrets _secrets = new();
    private readonly NatsCredentials _trusted = new();

    [Fact(Timeout = 180_000)]
    public async Task AUsersCredsFileCarriesARunOverAnAgentWithTheSameFileAndItsSeedIsNeverShown()
    {
        (string creds, string seed) = _trusted.NewUser("crawler");
        string file = _secrets.Write("user.creds", creds);
        await using QueueRig rig = QueueRig.Over(StartServer(), output);
        rig.AgentArguments.AddRange(["--queue-creds", file, "-v"]); // debug logs too: not a word of the seed
        string[] urls = Enumerable.Range(0, 5).Select(n => site.Url($"page/{n}")).ToArray();

        QueueAgent agent = await rig.StartAgentAsync(workers: 1, concurrency: 2);
        string arguments = string.Join('\n', agent.Processes.Select(pid => QueueCredentialsTests.ProcessFile(pid, "cmdline")));
        string inherited = string.Join('\n', agent.Workers.Select(pid => QueueCredentialsTests.ProcessFile(pid, "environ")));
        await using RunningCli queued = rig.StartRun(rig.Collector.WriteInput(urls), ["-v", "--queue-creds", file]);
        CliRun run = await queued.WaitAsync(RunBound);
        CliRun served = await agent.StopAsync(TimeSpan.FromSeconds(30));

        output.WriteLine(run.Stderr + served.Stderr);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal(urls.Order(), run.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("url").GetString()!).Order());
        Assert.Equal(0, served.ExitCode);
        Assert.Contains(file, arguments, StringComparison.Ordinal);
        Assert.DoesNotContain(seed, arguments + inherited + run.Stderr + served.Stderr + string.Join('\n', run.StdoutLines), StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task AUserOfAnotherOperatorOrOfAnAccountTheServerDoesNotKnowIsRefusedInOneLineAndExit2()
    {
        (string creds, string seed) = new NatsCredentials("another-operator").NewUser("stranger");
        string stranger = _secrets.Write("stranger.creds", creds);
        (creds, string unknownSeed) = NatsCredentials.NewUserOfAnUnknownAccount("unpushed");
        string unknown = _secrets.Write("unknown-account.creds", creds);
        using NatsServer server = StartServer();

        await AssertRefusedAsync(server, stranger, $"the queue server at {server.Url} refused the credentials", seed);
        await AssertRefusedAsync(server, unknown, $"the queue server at {server.Url} refused the credentials", unknownSeed);
    }

    [Fact(Timeout = 120_000)]
    public async Task ACredsFileOthersCanReadIsRefusedAsSshRefusesAKeyAndNamesTheFix()
    {
        (string creds, string seed) = _trusted.NewUser("careless");
        string file = _secrets.Write("shared.creds", creds, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        using NatsServer server = StartServer();

        await AssertRefusedAsync(server, file, $"--queue-creds {file}: other users of this machine can read or change it; make it private to its owner (chmod 600)", seed);
    }

    [Fact(Timeout = 180_000)]
    public async Task ACredsFileWithADamagedSeedOrJwtOrAnotherUsersSeedIsOneLineThatSaysWhichAndExit2()
    {
        (string creds, string seed) = _trusted.NewUser("damaged");
        (_, string otherSeed) = _trusted.NewUser("other");
        string badSeed = seed[..10] + (seed[10] == 'A' ? 'B' : 'A') + seed[11..];
        string jwt = creds.Split('\n')[1];
        string seedDamaged = _secrets.Write("seed.creds", creds.Replace(seed, badSeed, StringComparison.Ordinal));
        string jwtDamaged = _secrets.Write("jwt.creds", creds.Replace(jwt, jwt[..(jwt.Length / 2)], StringComparison.Ordinal));
        string mismatched = _secrets.Write("mismatched.creds", creds.Replace(seed, otherSeed, StringComparison.Ordinal));
        using NatsServer server = StartServer();

        await AssertRefusedAsync(server, seedDamaged, $"--queue-creds {seedDamaged}: its NKey seed is damaged", badSeed);
        await AssertRefusedAsync(server, jwtDamaged, $"--queue-creds {jwtDamaged}: its user JWT is damaged", seed);
        await AssertRefusedAsync(server, mismatched, $"--queue-creds {mismatched}: its NKey seed is not the key of the user its JWT names", otherSeed);
    }

    /// <summary>A nats-server that trusts <see cref="_trusted"/>'s operator and knows its account.</summary>
    private NatsServer StartServer()
    {
        string operatorJwt = _secrets.Write($"operator-{Guid.NewGuid():N}.jwt", _trusted.OperatorJwt);
        return new NatsServer(extraArguments: ["-c", _secrets.ServerConfig(_trusted.ServerConfig(operatorJwt))]);
    }

    /// <summary><c>run --queue</c> and <c>serve --queue</c> with <c>--queue-creds <paramref name="file"/></c> each say <paramref name="expected"/> in one line and exit 2; <paramref name="seed"/> is nowhere in their output.</summary>
    private Task AssertRefusedAsync(NatsServer server, string file, string expected, string seed) =>
        QueueRefusal.AssertAsync(site, output, server.Url, expected, ["--queue-creds", file], secret: seed);

    public void Dispose() => _secrets.Dispose();
}
