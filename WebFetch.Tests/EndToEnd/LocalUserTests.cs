using System.Diagnostics;
using System.Text.Json;
using Mono.Unix.Native;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>What another local user can try against a run: take over its socket path, plant directories in the temp directory.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class LocalUserTests(LocalSite site) : IDisposable
{
    /// <summary>
    /// As uid 65534: moves the run's socket aside, binds its own at the same path and answers
    /// every connection with a forged record. Prints "ready" once bound, "accepted" per connection.
    /// </summary>
    private const string Forger = """
        use Socket;
        $SIG{PIPE} = 'IGNORE';
        $| = 1;
        my ($path) = @ARGV;
        rename($path, "$path.aside") or die "rename: $!";
        socket(my $listener, PF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
        bind($listener, pack_sockaddr_un($path)) or die "bind: $!";
        listen($listener, 128) or die "listen: $!";
        chmod(0666, $path);
        print "ready\n";
        while (accept(my $client, $listener)) {
            print "accepted\n";
            my $line = <$client>;
            syswrite($client, qq({"url":"http://x/","final_url":"http://evil.example/","status":200,"title":"FORGED by uid 65534","length":1,"links":0,"redirects":0,"elapsed_ms":1,"attempts":1}\n));
            close($client);
        }
        """;

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 90_000)]
    public async Task ASocketThatAnotherUserBindsAtTheRunsPathGetsNoUrlAndNoneOfItsForgedRecordsIsWritten()
    {
        Assert.True(Syscall.getuid() == 0, "this test runs the other user as 'nobody' and needs root");
        File.SetUnixFileMode(_cli.TempDirectory, (UnixFileMode)0b111_101_101);
        string open = Path.Combine(_cli.TempDirectory, "open");
        Directory.CreateDirectory(open);
        string path = Path.Combine(open, "w.sock");
        string[] urls = Enumerable.Range(0, 30).Select(n => site.Url($"slow/200?n={n}")).ToArray();
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "1", "-c", "1", "--socket", path]);
        Assert.True(await CliRunner.EventuallyAsync(() => run.RecordCount >= 1, TimeSpan.FromSeconds(30)));

        // the directory becomes writable by everyone, without the sticky bit, as a shared directory might be
        File.SetUnixFileMode(open, (UnixFileMode)0b111_111_111);
        using Process forger = StartAsNobody(Forger, path);
        int accepted = 0;
        try
        {
            Assert.Equal("ready", await forger.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)));
            Task counting = Task.Run(async () =>
            {
                while (await forger.StandardOutput.ReadLineAsync() is "accepted")
                {
                    Interlocked.Increment(ref accepted);
                }
            });
            CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(60));

            Assert.True(Volatile.Read(ref accepted) > 0, $"the run never connected to the other user's socket; stderr:\n{done.Stderr}");
            Assert.DoesNotContain(done.Records, r => r.GetRawText().Contains("FORGED", StringComparison.Ordinal));
            Assert.DoesNotContain(done.Records, r => r.GetRawText().Contains("evil.example", StringComparison.Ordinal));
            Assert.Equal(urls.Order(), done.Records.Select(r => r.GetProperty("url").GetString()!).Order());
            Assert.NotEqual(0, done.ExitCode);
            Assert.Contains("uid 65534", done.Stderr, StringComparison.Ordinal);
            JsonElement[] failed = done.Records.Where(r => r.GetProperty("error").ValueKind != JsonValueKind.Null).ToArray();
            Assert.NotEmpty(failed);
            // a URL sent to the other user's socket names its uid; one not yet started when the run
            // stopped says why it stopped: the socket was replaced (by that uid) or, when the run
            // looked between the other user's rename and bind, removed
            Assert.All(failed, r =>
            {
                string message = r.GetProperty("error").GetProperty("message").GetString()!;
                Assert.True(message.Contains("uid 65534", StringComparison.Ordinal)
                    || (r.GetProperty("error").GetProperty("kind").GetString() == "interrupted"
                        && message.StartsWith($"the workers' socket {path} was removed", StringComparison.Ordinal)),
                    message);
            });
        }
        finally
        {
            forger.Kill();
            await forger.WaitForExitAsync();
        }
    }

    [Theory(Timeout = 30_000)]
    [InlineData(0b111_111_111, "0777")]
    [InlineData(0b111_111_101, "0775")]
    [InlineData(0b111_101_111, "0757")]
    public async Task AnExplicitSocketInADirectoryOtherUsersCanWriteIsRefusedWhenItIsNotSticky(int mode, string shown)
    {
        string shared = Path.Combine(_cli.TempDirectory, "shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)mode);
        string path = Path.Combine(shared, "w.sock");

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "--socket", path, "-w", "1"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"refusing --socket {path}: directory '{shared}' is writable by other users (mode {shown}) and not sticky", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Records);
        Assert.False(File.Exists(path));
        Assert.Empty(_cli.LiveProcesses());
    }

    [Fact(Timeout = 30_000)]
    public async Task AnExplicitSocketInAStickyDirectoryOtherUsersCanWriteIsUsed()
    {
        string shared = Path.Combine(_cli.TempDirectory, "shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)0b1_111_111_111); // 1777, as /tmp
        string path = Path.Combine(shared, "w.sock");

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "--socket", path, "-w", "1"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.Records);
        Assert.False(File.Exists(path));
    }

    [Fact(Timeout = 30_000)]
    public async Task ASocketLeftByAnotherUserInAStickyDirectoryIsRefusedAndKept()
    {
        Assert.True(Syscall.getuid() == 0, "this test leaves a socket as 'nobody' and needs root");
        File.SetUnixFileMode(_cli.TempDirectory, (UnixFileMode)0b111_101_101);
        string shared = Path.Combine(_cli.TempDirectory, "shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)0b1_111_111_111);
        string path = Path.Combine(shared, "w.sock");
        using (Process leave = StartAsNobody("socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die; bind($s, pack_sockaddr_un($ARGV[0])) or die \"bind: $!\";", path))
        {
            await leave.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
            Assert.Equal(0, leave.ExitCode);
        }
        Assert.Equal(0, Syscall.lstat(path, out Stat before));
        Assert.Equal(65534u, before.st_uid);

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "--socket", path, "-w", "1"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"refusing --socket {path}: it exists and belongs to uid 65534, in directory '{shared}' that other users can write", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Records);
        Assert.Equal(0, Syscall.lstat(path, out Stat after));
        Assert.Equal(before.st_ino, after.st_ino);
    }

    [Fact(Timeout = 30_000)]
    public async Task AnExplicitSocketInADirectoryOfAnotherUserIsRefused()
    {
        Assert.True(Syscall.getuid() == 0, "this test gives a directory to 'nobody' and needs root");
        string theirs = Path.Combine(_cli.TempDirectory, "theirs");
        Directory.CreateDirectory(theirs);
        File.SetUnixFileMode(theirs, (UnixFileMode)0b111_101_101);
        Assert.Equal(0, Syscall.chown(theirs, 65534, 65534));
        string path = Path.Combine(theirs, "w.sock");

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "--socket", path, "-w", "1"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"refusing --socket {path}: directory '{theirs}' belongs to uid 65534, who could replace the socket", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Records);
    }

    private static Process StartAsNobody(string script, params string[] args)
    {
        var info = new ProcessStartInfo("setpriv")
        {
            ArgumentList = { "--reuid=65534", "--regid=65534", "--clear-groups", "perl", "-MSocket", "-e", script },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Remove("TMPDIR");
        return Process.Start(info)!;
    }
}
