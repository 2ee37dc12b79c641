using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Mono.Unix.Native;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>Signals, a dead parent, a closed stdout and hostile connections: the run ends cleanly and leaves nothing.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class SignalTests(LocalSite site) : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task SigintLetsTheUrlsInFlightFinishAndExits130()
    {
        string[] urls = Enumerable.Range(0, 200).Select(n => site.Url($"slow/300?n={n}")).ToArray();
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "2", "-c", "1"]);
        Assert.True(await CliRunner.EventuallyAsync(() => run.RecordCount >= 2, TimeSpan.FromSeconds(20)));

        run.Signal(Signum.SIGINT);
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(130, done.ExitCode);
        Assert.InRange(done.Records.Count(r => r.GetProperty("error").ValueKind == JsonValueKind.Null), 2, 20);
        // every line read gets its record: the ones not started say so
        Assert.Equal(urls.Order(), done.Records.Select(r => r.GetProperty("url").GetString()).Order());
        Assert.All(done.Records.Where(r => r.GetProperty("error").ValueKind != JsonValueKind.Null), r => Assert.Equal("interrupted", ErrorKind(r)));
        Assert.Contains("finishing the URLs in flight", done.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 60_000)]
    public async Task ASigintSentTwiceAtOnceAsTimeoutSendsItIsOneGracefulStop()
    {
        string[] urls = Enumerable.Range(0, 200).Select(n => site.Url($"slow/300?n={n}")).ToArray();
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "2", "-c", "1"]);
        Assert.True(await CliRunner.EventuallyAsync(() => run.RecordCount >= 2, TimeSpan.FromSeconds(20)));

        // `timeout -s INT` signals the process, then its process group: two SIGINTs microseconds apart
        run.Signal(Signum.SIGINT);
        run.Signal(Signum.SIGINT);
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(130, done.ExitCode);
        Assert.DoesNotContain("killing the workers", done.Stderr, StringComparison.Ordinal);
        Assert.InRange(done.Records.Count(r => r.GetProperty("error").ValueKind == JsonValueKind.Null), 3, 20); // the two URLs in flight finished
        Assert.Equal(urls.Length, done.Records.Count);
        Assert.All(done.Records.Where(r => r.GetProperty("error").ValueKind != JsonValueKind.Null), r =>
        {
            Assert.Equal("interrupted", ErrorKind(r));
            Assert.Equal(0, r.GetProperty("attempts").GetInt32()); // none was in flight when the grace period ended
        });
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact(Timeout = 60_000)]
    public async Task SigtermEndsARunStillWaitingForTheWriterOfANamedPipe()
    {
        string fifo = Path.Combine(_cli.TempDirectory, "urls.fifo");
        Assert.Equal(0, Syscall.mkfifo(fifo, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR));
        await using var run = new RunningCli(_cli, ["run", fifo, "-w", "1"]);
        Assert.True(await run.WorkersAreAsync(1, TimeSpan.FromSeconds(20)));
        await Task.Delay(300); // opening the pipe now waits for a writer that never comes

        run.Signal(Signum.SIGTERM);
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(143, done.ExitCode);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 60_000)]
    public async Task SigtermExits143()
    {
        string[] urls = Enumerable.Range(0, 100).Select(n => site.Url($"slow/300?n={n}")).ToArray();
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "2"]);
        Assert.True(await CliRunner.EventuallyAsync(() => run.RecordCount >= 1, TimeSpan.FromSeconds(20)));

        run.Signal(Signum.SIGTERM);
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(143, done.ExitCode);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 60_000)]
    public async Task SigtermEndsARunWhoseReaderTakesNothingOnceTheGracePeriodIsOver()
    {
        string[] urls = Enumerable.Range(0, 3000).Select(n => site.Url($"page/{n}")).ToArray();
        // stdout is a pipe nobody reads: it fills, and the records wait in the parent
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "2", "--grace", "2"], readStdout: false);
        Assert.True(await run.WorkersAreAsync(2, TimeSpan.FromSeconds(20)));
        // however slowly the records come on a busy machine: the pipe is full once the parent waits in a write to it
        Assert.True(await CliRunner.EventuallyAsync(() => WaitsWritingStdout(run.Pid), TimeSpan.FromSeconds(40)), "the parent never filled its stdout");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        run.Signal(Signum.SIGTERM);
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(143, done.ExitCode);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15)); // the grace period, one last second, the stop
        Assert.Contains("stopped without writing every record", done.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 60_000)]
    public async Task ASecondSigintKillsTheWorkersAtOnce()
    {
        string key = Guid.NewGuid().ToString("N")[..12];
        string[] urls = Enumerable.Range(0, 20).Select(n => site.CountedUrl(key, 20_000, n)).ToArray();
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "2", "--grace", "60"]);
        Assert.True(await run.WorkersAreAsync(2, TimeSpan.FromSeconds(20)));
        Assert.True(await CliRunner.EventuallyAsync(() => site.Counter(key).Hits >= 2, TimeSpan.FromSeconds(20)), "no fetch began");

        var watch = Stopwatch.StartNew();
        run.Signal(Signum.SIGINT);
        await Task.Delay(300);
        run.Signal(Signum.SIGINT);
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(130, done.ExitCode);
        // At once: a stop that only asked the workers to leave (HALT) would wait the pool's stop
        // timeout before its SIGKILL, the workers holding their 20 s fetches; the records below
        // show that no fetch finished. The run's own exit may take seconds on a busy machine.
        Assert.True(watch.Elapsed < Timings.PoolStopTimeout, $"took {watch.Elapsed.TotalSeconds:0.0} s");
        // nothing had finished: every URL read ends as interrupted, nothing half-done is written
        Assert.Equal(urls.Order(), done.Records.Select(r => r.GetProperty("url").GetString()).Order());
        Assert.All(done.Records, r =>
        {
            Assert.Equal("interrupted", ErrorKind(r));
            Assert.Equal(JsonValueKind.Null, r.GetProperty("status").ValueKind);
        });
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 60_000)]
    public async Task WorkersLeaveWithinThreeSecondsOfTheParentsSigkillAndTheNextRunCleansUp()
    {
        string[] urls = Enumerable.Range(0, 20).Select(n => site.Url($"slow/20000?n={n}")).ToArray();
        await using (var run = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "3"]))
        {
            Assert.True(await run.WorkersAreAsync(3, TimeSpan.FromSeconds(20)));
            await Task.Delay(300);
            run.Signal(Signum.SIGKILL);
            Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        }
        Assert.Single(_cli.LeftoverSocketDirectories()); // the dead run could not clean up

        CliRun next = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-w", "1"]);

        Assert.Equal(0, next.ExitCode);
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 60_000)]
    public async Task ClosingStdoutEarlyStopsTheRunQuietly()
    {
        string[] urls = Enumerable.Range(0, 5000).Select(n => site.Url($"page/{n}")).ToArray();
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "2"], readStdout: false);
        string? first = await run.Stdout.ReadLineAsync();
        Assert.NotNull(first);
        run.Stdout.Close(); // like `| head -1`

        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(141, done.ExitCode);
        Assert.DoesNotContain("   at ", done.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ERR", done.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 90_000)]
    public async Task AnOverlongRequestLineGetsAnErrorRecordAndASilentConnectionIsDropped()
    {
        string path = Path.Combine(_cli.TempDirectory, "w.sock");
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(site.Url("slow/8000")), "-w", "2", "--socket", path]);
        Assert.True(await run.WorkersAreAsync(2, TimeSpan.FromSeconds(20)));

        using (var hostile = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await hostile.ConnectAsync(new UnixDomainSocketEndPoint(path));
            await hostile.SendAsync(Encoding.ASCII.GetBytes(new string('x', 100_000)));
            string answer = await ReadAllAsync(hostile, TimeSpan.FromSeconds(15));
            using JsonDocument record = JsonDocument.Parse(answer);
            Assert.Equal("protocol", record.RootElement.GetProperty("error").GetProperty("kind").GetString());
            Assert.Contains("65536", record.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        using (var silent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await silent.ConnectAsync(new UnixDomainSocketEndPoint(path));
            var watch = Stopwatch.StartNew();
            string answer = await ReadAllAsync(silent, Timings.RequestRead + TimeSpan.FromSeconds(10));
            Assert.Equal("", answer);
            // dropped for its silence: after the request read's limit, with room for a busy machine
            Assert.InRange(watch.Elapsed, Timings.RequestRead - TimeSpan.FromSeconds(1), Timings.RequestRead + TimeSpan.FromSeconds(6));
        }
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, done.ExitCode);
        Assert.Single(done.Records);
        Assert.Contains("sent no request", done.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task AConnectionFromAnotherUserIsRefused()
    {
        Assert.True(Syscall.getuid() == 0, "this test runs a client as 'nobody' and needs root");
        string open = Path.Combine(_cli.TempDirectory, "open");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(_cli.TempDirectory, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(open, (UnixFileMode)0b1_111_111_111); // 1777: sticky, or the run refuses it
        string path = Path.Combine(open, "w.sock");
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(site.Url("slow/6000")), "-w", "1", "--socket", path]);
        Assert.True(await run.WorkersAreAsync(1, TimeSpan.FromSeconds(20)));
        // get past the first defence (the 0600 socket file) to test the second: the worker's SO_PEERCRED check
        File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);

        var client = new ProcessStartInfo("setpriv")
        {
            ArgumentList =
            {
                "--reuid=65534", "--regid=65534", "--clear-groups", "perl", "-MSocket", "-e",
                "socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die \"socket: $!\"; connect($s, pack_sockaddr_un($ARGV[0])) or die \"connect: $!\";" +
                " syswrite($s, qq({\"id\":1,\"url\":\"http://127.0.0.1:1/\"}\\n)); my $n = sysread($s, my $buf, 65536); print defined $n ? \"read $n\" : \"error\";",
                path,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process nobody = Process.Start(client)!;
        string said = await nobody.StandardOutput.ReadToEndAsync();
        string complaint = await nobody.StandardError.ReadToEndAsync();
        await nobody.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);

        Assert.True(said is "read 0" or "error", $"the client got an answer: '{said}' {complaint}");
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("refused a connection from pid", done.Stderr, StringComparison.Ordinal);
        Assert.Contains("uid 65534", done.Stderr, StringComparison.Ordinal);
        Assert.Single(done.Records);
    }

    [Fact(Timeout = 60_000)]
    public async Task AUrlStillInFlightWhenTheGracePeriodEndsGetsAnInterruptedRecordThatTheSummaryCounts()
    {
        string key = Guid.NewGuid().ToString("N")[..12];
        string[] fast = [site.Url("page/1"), site.Url("page/2")];
        string[] slow = Enumerable.Range(0, 6).Select(n => site.CountedUrl(key, 30_000, n)).ToArray();
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput([.. fast, .. slow]), "-w", "1", "-c", "2", "--grace", "1"]);
        Assert.True(await CliRunner.EventuallyAsync(() => run.RecordCount == 2 && site.Counter(key).Hits == 2, TimeSpan.FromSeconds(20)));

        var watch = Stopwatch.StartNew();
        run.Signal(Signum.SIGINT);
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(40));

        Assert.Equal(130, done.ExitCode);
        // The 1 s grace period, not the 30 s fetches, ended the run: well within 20 s even when
        // the run's stop and exit are slowed by a busy machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(fast.Concat(slow).Order(), done.Records.Select(r => r.GetProperty("url").GetString()!).Order());
        JsonElement[] interrupted = done.Records.Where(r => slow.Contains(r.GetProperty("url").GetString())).ToArray();
        Assert.All(interrupted, r => Assert.Equal("interrupted", ErrorKind(r)));
        JsonElement[] inFlight = interrupted.Where(r => r.GetProperty("attempts").GetInt32() == 1).ToArray();
        Assert.Equal(2, inFlight.Length);
        Assert.All(inFlight, r =>
        {
            Assert.Equal(JsonValueKind.Number, r.GetProperty("worker").ValueKind);
            Assert.InRange(r.GetProperty("elapsed_ms").GetInt64(), 900, 15_000);
            Assert.Contains("SIGINT: still in flight when the 1 s grace period ran out", Message(r), StringComparison.Ordinal);
        });
        Assert.All(interrupted.Except(inFlight), r =>
        {
            Assert.Equal(0, r.GetProperty("attempts").GetInt32());
            Assert.Equal(JsonValueKind.Null, r.GetProperty("worker").ValueKind);
            Assert.Equal("SIGINT: the run stopped before this URL was started", Message(r));
        });
        Assert.Contains("8 records: 2 responses (2 2xx), 6 failed (interrupted 6)", done.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact(Timeout = 60_000)]
    public async Task ASecondSigintGivesTheUrlsInFlightAnInterruptedRecordThatTheSummaryCounts()
    {
        string key = Guid.NewGuid().ToString("N")[..12];
        string[] fast = [site.Url("page/1")];
        string[] slow = Enumerable.Range(0, 4).Select(n => site.CountedUrl(key, 30_000, n)).ToArray();
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput([.. fast, .. slow]), "-w", "1", "-c", "2", "--grace", "60"]);
        Assert.True(await CliRunner.EventuallyAsync(() => run.RecordCount == 1 && site.Counter(key).Hits == 2, TimeSpan.FromSeconds(20)));

        run.Signal(Signum.SIGINT);
        await Task.Delay(300);
        run.Signal(Signum.SIGINT);
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(130, done.ExitCode);
        Assert.Equal(fast.Concat(slow).Order(), done.Records.Select(r => r.GetProperty("url").GetString()!).Order());
        JsonElement[] inFlight = done.Records.Where(r => r.GetProperty("attempts").GetInt32() == 1 && slow.Contains(r.GetProperty("url").GetString())).ToArray();
        Assert.Equal(2, inFlight.Length);
        Assert.All(inFlight, r =>
        {
            Assert.Equal("interrupted", ErrorKind(r));
            Assert.Contains("SIGINT again: the workers were killed while this URL was in flight", Message(r), StringComparison.Ordinal);
        });
        Assert.Contains("5 records: 1 response (1 2xx), 4 failed (interrupted 4)", done.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    /// <summary>Whether a thread of <paramref name="pid"/> waits in write(2) to its stdout, a full pipe (its /proc syscall and wait channel).</summary>
    private static bool WaitsWritingStdout(int pid)
    {
        foreach (string task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "syscall")).StartsWith("1 0x1 ", StringComparison.Ordinal)
                    && File.ReadAllText(Path.Combine(task, "wchan")).Contains("pipe_write", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the thread ended meanwhile
            }
        }
        return false;
    }

    private static string? ErrorKind(JsonElement record) => record.GetProperty("error").GetProperty("kind").GetString();

    private static string? Message(JsonElement record) => record.GetProperty("error").GetProperty("message").GetString();

    private static async Task<string> ReadAllAsync(Socket socket, TimeSpan within)
    {
        using var limit = new CancellationTokenSource(within);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }
        return Encoding.UTF8.GetString(received.ToArray()).Trim();
    }
}
