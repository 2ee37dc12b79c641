using System.Text.Json;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>
/// The TLS options of issue 19 through the real CLI and real workers, against <see cref="TlsSite"/>:
/// --cacert, --cert and --key, --cert-warn, and the files checked before any worker starts.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class TlsOptionTests(TlsSite site) : IClassFixture<TlsSite>, IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private TestCertificates Files => site.Certificates;

    [Fact(Timeout = 60_000)]
    public async Task CacertMakesTheServerOfTheTestCaTrustedAndWithoutItTheRefusalIsInWords()
    {
        string url = site.Trusted.AbsoluteUri;

        CliRun trusted = await _cli.RunAsync(["run", _cli.WriteInput(url), "-w", "1", "--retries", "0", "--cacert", Files.CaFile]);
        CliRun refused = await _cli.RunAsync(["run", _cli.WriteInput(url), "-w", "1", "--retries", "0"]);

        Assert.Equal(0, trusted.ExitCode);
        Assert.Equal(TlsSite.Title, trusted.RecordFor(url).GetProperty("title").GetString());
        Assert.Equal(1, refused.ExitCode);
        JsonElement error = refused.RecordFor(url).GetProperty("error");
        Assert.Equal("tls", error.GetProperty("kind").GetString());
        Assert.Equal("unknown issuer (self-signed or an untrusted CA)", error.GetProperty("message").GetString());
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task AClientCertificateOpensTheListenerThatRequiresOne()
    {
        string url = site.ClientCertRequired.AbsoluteUri;

        CliRun shown = await _cli.RunAsync(
            ["run", _cli.WriteInput(url), "-w", "1", "--retries", "0", "--cacert", Files.CaFile, "--cert", Files.ClientCertFile, "--key", Files.ClientKeyFile]);
        CliRun without = await _cli.RunAsync(["run", _cli.WriteInput(url), "-w", "1", "--retries", "0", "--cacert", Files.CaFile]);

        Assert.Equal(0, shown.ExitCode);
        Assert.Equal(TestCertificates.ClientSubject, shown.RecordFor(url).GetProperty("title").GetString());
        Assert.Equal(1, without.ExitCode);
        Assert.Equal(JsonValueKind.Object, without.RecordFor(url).GetProperty("error").ValueKind);
        Assert.DoesNotContain("PRIVATE KEY", shown.Stderr + without.Stderr, StringComparison.Ordinal);
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task CertWarnFailsACertificateThatExpiresWithinTheDaysAndKeepsTheResponse()
    {
        string url = site.Expiring.AbsoluteUri;

        CliRun warned = await _cli.RunAsync(["run", _cli.WriteInput(url), "-w", "1", "--cacert", Files.CaFile, "--cert-warn", "7"]);
        CliRun passed = await _cli.RunAsync(["run", _cli.WriteInput(url), "-w", "1", "--cacert", Files.CaFile, "--cert-warn", "3"]);

        Assert.Equal(1, warned.ExitCode);
        JsonElement record = warned.RecordFor(url);
        Assert.Equal(200, record.GetProperty("status").GetInt32());
        Assert.Equal(TlsSite.Title, record.GetProperty("title").GetString());
        Assert.Equal("cert_expiring", record.GetProperty("error").GetProperty("kind").GetString());
        Assert.Matches(@"^the certificate of 127\.0\.0\.1:\d+ expires on \d{4}-\d\d-\d\d \d\d:\d\d UTC, in 4 days \(--cert-warn 7\)$",
            record.GetProperty("error").GetProperty("message").GetString());
        Assert.Contains("failed (cert_expiring 1)", warned.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, passed.ExitCode);
        Assert.Equal(JsonValueKind.Null, passed.RecordFor(url).GetProperty("error").ValueKind);
        await AssertNothingLeftBehindAsync();
    }

    [Theory(Timeout = 60_000)]
    [InlineData("--cacert", "missing.pem", "--cacert: cannot read '{dir}/missing.pem': no such file")]
    [InlineData("--cacert", "not-pem.txt", "--cacert '{dir}/not-pem.txt' holds no PEM certificate")]
    [InlineData("--key", "other.key", "the private key in '{dir}/other.key' does not match the certificate in '{dir}/client.pem'")]
    [InlineData("--key", "encrypted.key", "--key '{dir}/encrypted.key': the private key is encrypted, which is not supported")]
    public async Task AFileThatCannotBeUsedEndsTheRunWithOneLineBeforeAnyWorkerStarts(string option, string file, string expected)
    {
        string path = Path.Combine(Files.Directory, file);
        string[] tls = option == "--key" ? ["--cert", Files.ClientCertFile, "--key", path] : [option, path];

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Trusted.AbsoluteUri), "-w", "1", .. tls]);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.StdoutLines);
        string[] lines = run.Stderr.Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains(expected.Replace("{dir}", Files.Directory, StringComparison.Ordinal), lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", lines[0], StringComparison.Ordinal);
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task AKeyWithoutACertificateIsAUsageError()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Trusted.AbsoluteUri), "--key", Files.ClientKeyFile]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--key is the key of a client certificate: give the certificate with --cert FILE too", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task AKeyFileOthersCanReadIsWarnedOfAndUsed()
    {
        string key = Files.Write("readable.key", File.ReadAllText(Files.ClientKeyFile));
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        string url = site.ClientCertRequired.AbsoluteUri;

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(url), "-w", "1", "--cacert", Files.CaFile, "--cert", Files.ClientCertFile, "--key", key]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"the private key file '{key}' can be read by other users (mode 0640)", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(TestCertificates.ClientSubject, run.RecordFor(url).GetProperty("title").GetString());
    }

    private async Task AssertNothingLeftBehindAsync()
    {
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }
}
