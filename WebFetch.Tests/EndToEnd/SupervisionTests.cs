using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Mono.Unix.Native;
using WebFetch.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.EndToEnd;

/// <summary>The promise: exactly one record per URL, whatever happens to the workers.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class SupervisionTests(LocalSite site, ITestOutputHelper output) : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 120_000)]
    public async Task KillingRandomWorkersLosesNoUrlAndDuplicatesNone()
    {
        string[] urls = Enumerable.Range(0, 1200).Select(n => site.Url($"slow/200?n={n}")).ToArray();
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "3", "--max-attempts", "6", "-q"]);
        Assert.True(await run.WorkersAreAsync(3, TimeSpan.FromSeconds(20)), "the pool never reached 3 workers");

        // Kill a random worker every 250 ms while the records keep coming, sparing workers
        // younger than 1.5 s, which may not be serving yet, until 6 are killed or 60% of the
        // records are out. On a busy machine replacements take long to come of age: the URLs
        // take 200 ms, so that the run lasts long enough for the kills.
        var random = new Random(1234);
        int kills = 0;
        int recordsAtLastKill = -1;
        var killing = System.Diagnostics.Stopwatch.StartNew();
        while (killing.Elapsed < TimeSpan.FromSeconds(30) && run.RecordCount < urls.Length * 0.6 && kills < 6)
        {
            IReadOnlyList<int> workers = run.WorkersOlderThan(TimeSpan.FromSeconds(1.5));
            int records = run.RecordCount;
            if (records > recordsAtLastKill && workers.Count > 0
                && Syscall.kill(workers[random.Next(workers.Count)], Signum.SIGKILL) == 0)
            {
                kills++;
                recordsAtLastKill = records;
            }
            await Task.Delay(250);
        }
        bool refilled = await run.WorkersAreAsync(3, TimeSpan.FromSeconds(10));
        int recordsWhenRefilled = run.RecordCount;
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(90));

        string[] seen = done.Records.Select(r => r.GetProperty("url").GetString()!).ToArray();
        int lost = done.Records.Count(r => r.GetProperty("error").ValueKind != JsonValueKind.Null);
        output.WriteLine($"chaos: {urls.Length} URLs, {kills} workers killed, {seen.Length} records, " +
                         $"{seen.Length - seen.Distinct().Count()} duplicates, {lost} errors, " +
                         $"{done.Records.Count(r => r.GetProperty("attempts").GetInt32() > 1)} URLs retried");
        Assert.True(kills >= 5, $"only {kills} kills happened");
        Assert.Equal(urls.Length, seen.Length);
        Assert.Equal(urls.Order(), seen.Order());
        Assert.Equal(0, lost);
        Assert.True(refilled && recordsWhenRefilled < urls.Length, "the pool was not back at 3 workers while the run went on");
        Assert.Equal(0, done.ExitCode);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 60_000)]
    public async Task APoisonUrlEndsAsOneWorkerLostRecordAndTheRunGoesOn()
    {
        _cli.Environment["WEBFETCH_TEST_POISON"] = "poison";
        string poison = site.Url("page/1?poison");
        string[] fine = Enumerable.Range(2, 20).Select(n => site.Url($"page/{n}")).ToArray();
        // one connection per worker: a poison URL then takes no innocent URL down with it
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput([poison, .. fine]), "-w", "2", "-c", "1"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(21, run.Records.Count);
        JsonElement lost = run.RecordFor(poison);
        Assert.Equal("worker_lost", lost.GetProperty("error").GetProperty("kind").GetString());
        Assert.Contains("SIGKILL", lost.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, lost.GetProperty("attempts").GetInt32());
        Assert.All(fine, url => Assert.Equal(JsonValueKind.Null, run.RecordFor(url).GetProperty("error").ValueKind));
        Assert.Equal(3, CountOf(run.Stderr, "died (killed by signal 9 (SIGKILL))"));
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact(Timeout = 60_000)]
    public async Task APoisonUrlTakesNoInnocentUrlWithItWhenWorkersServeManyAtOnce()
    {
        _cli.Environment["WEBFETCH_TEST_POISON"] = "poison";
        string poison = site.Url("slow/100?poison");
        string[] fine = Enumerable.Range(0, 60).Select(n => site.Url($"slow/100?n={n}")).ToArray();
        // the defaults: each worker holds up to 8 URLs when the poison kills it
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput([.. fine[..30], poison, .. fine[30..]]), "-w", "2", "-c", "8"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(61, run.Records.Count);
        JsonElement lost = run.RecordFor(poison);
        Assert.Equal("worker_lost", lost.GetProperty("error").GetProperty("kind").GetString());
        Assert.Contains("3 while it ran alone", lost.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.All(fine, url => Assert.Equal(JsonValueKind.Null, run.RecordFor(url).GetProperty("error").ValueKind));
        // some innocent URLs were lost with the poison's first victim, and then served alone
        Assert.Contains(fine, url => run.RecordFor(url).GetProperty("attempts").GetInt32() > 1);
        Assert.Contains("not counted: the worker held other URLs too", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact(Timeout = 60_000)]
    public async Task AWorkerThatFailsUnexpectedlyReportsItsOneErrorAndItsUrlsAreServedAgain()
    {
        _cli.Environment["WEBFETCH_TEST_CRASH"] = "crash";
        // credentials in the URL the error names: the parent's log line masks them
        string crash = site.Url("slow/300?crash").Replace("http://", "http://user:pw-crash-4@", StringComparison.Ordinal);
        string[] fine = Enumerable.Range(0, 12).Select(n => site.Url($"slow/400?n={n}")).ToArray();
        // -w 1: the failing worker holds every other URL when it fails
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput([crash, .. fine]), "-w", "1", "-c", "16"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(13, run.Records.Count);
        Assert.Equal("worker_lost", run.RecordFor(crash).GetProperty("error").GetProperty("kind").GetString());
        Assert.All(fine, url => Assert.Equal(JsonValueKind.Null, run.RecordFor(url).GetProperty("error").ValueKind));
        Assert.Contains(fine, url => run.RecordFor(url).GetProperty("attempts").GetInt32() > 1);
        Assert.Contains("failure injected by WEBFETCH_TEST_CRASH", run.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"worker failed with [1-9]\d* connection\(s\) in flight", run.Stderr);
        // each failing worker's error reaches the parent on its control pipe, and the parent
        // logs it once, with the worker's pid, when it reaps the worker
        string[] failedPids = [.. System.Text.RegularExpressions.Regex.Matches(run.Stderr,
                @"^\S+ WRN webfetch: worker (\d+) failed: InvalidOperationException: failure injected by WEBFETCH_TEST_CRASH on http://\*\*\*@127\.0\.0\.1:\d+/slow/300\?crash \(exit code 70\) after serving \d+$",
                System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)];
        Assert.NotEmpty(failedPids);
        Assert.Equal(failedPids.Length, failedPids.Distinct().Count());
        Assert.Equal(failedPids.Length, System.Text.RegularExpressions.Regex.Count(run.Stderr, "worker failed with"));
        Assert.All(failedPids, pid => Assert.Contains($"worker {pid}: worker failed with", run.Stderr, StringComparison.Ordinal));
        Assert.All(failedPids, pid => Assert.DoesNotContain($"worker {pid} died", run.Stderr, StringComparison.Ordinal));
        Assert.DoesNotContain("pw-crash-4", run.Stderr, StringComparison.Ordinal);
        // the failure alone: nothing from the connections it left in flight
        Assert.DoesNotContain("ObjectDisposedException", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected failure while serving a connection", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 60_000)]
    public async Task AStoppedWorkerIsKilledAfterTheWorkerTimeoutAndItsUrlServedElsewhere()
    {
        string key = Guid.NewGuid().ToString("N")[..12];
        // URLs of 5 s: the worker is stopped while it still holds its first one, however late
        // a busy machine lets this test see the two fetches begin
        string[] urls = Enumerable.Range(0, 4).Select(n => site.CountedUrl(key, 5000, n)).ToArray();
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "2", "-c", "1", "--worker-timeout", "2"]);
        Assert.True(await run.WorkersAreAsync(2, TimeSpan.FromSeconds(20)));
        int stopped = run.Workers[0]; // read now, not between the fetches' start and the stop
        // one connection each: two requests begun means both workers hold a slow URL
        Assert.True(await CliRunner.EventuallyAsync(() => site.Counter(key).Hits == 2, TimeSpan.FromSeconds(20)), "the two fetches never began");
        Assert.Equal(0, Syscall.kill(stopped, Signum.SIGSTOP));

        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(40));

        Assert.Equal(0, done.ExitCode);
        Assert.Equal(4, done.Records.Count);
        Assert.Contains($"worker {stopped} silent for", done.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(done.Records, r => r.GetProperty("worker").GetInt32() == stopped);
        Assert.Contains(done.Records, r => r.GetProperty("attempts").GetInt32() == 2);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact(Timeout = 60_000)]
    public async Task AParentStoppedLongerThanTheWorkerTimeoutKillsNoWorkerWhenItResumes()
    {
        // --worker-timeout 5: five heartbeats, so that a worker slowed by a busy machine is not
        // silent for it; the stop outlasts it by more than the pause threshold
        TimeSpan workerTimeout = TimeSpan.FromSeconds(5);
        string[] urls = Enumerable.Range(0, 30).Select(n => site.Url($"slow/300?n={n}")).ToArray();
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "2", "-c", "1", "--worker-timeout", "5"]);
        Assert.True(await run.WorkersAreAsync(2, TimeSpan.FromSeconds(20)));
        Assert.True(await CliRunner.EventuallyAsync(() => run.RecordCount > 0, TimeSpan.FromSeconds(20)), "no record came");
        run.Signal(Signum.SIGSTOP); // Ctrl-Z: the workers go on, heartbeating into pipes nobody reads
        await Task.Delay(workerTimeout + Timings.PauseThreshold + TimeSpan.FromMilliseconds(500));
        run.Signal(Signum.SIGCONT);

        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(40));

        Assert.Equal(0, done.ExitCode);
        Assert.Equal(urls.Length, done.Records.Count);
        Assert.DoesNotContain("silent for", done.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("died", done.Stderr, StringComparison.Ordinal);
        Assert.All(done.Records, r => Assert.Equal(1, r.GetProperty("attempts").GetInt32()));
        Assert.Contains("the supervisor did not run for", done.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact(Timeout = 120_000)]
    public async Task AParentStoppedWhileWorkersWriteLargeAnswersGetsEveryAnswerWhenItResumes()
    {
        // Each answer lists 30,000 links, far more than a socket buffer holds: a worker that
        // answers while the parent is stopped waits in its write.
        string[] urls = Enumerable.Range(0, 24).Select(n => site.Url($"slow-links/300/30000?n={n}")).ToArray();
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "2", "-c", "1", "--links", "--timeout", "15", "--retries", "0"]);
        Assert.True(await run.WorkersAreAsync(2, TimeSpan.FromSeconds(20)));
        Assert.True(await CliRunner.EventuallyAsync(() => run.RecordCount > 0, TimeSpan.FromSeconds(20)), "no record came");
        // (--timeout 15: a fetch of 30,000 links fits even on a machine busy enough to starve
        // the parent for seconds, and the busy limit, 10 s past it, still falls within this
        // test should a paused answer go astray)
        run.Signal(Signum.SIGSTOP);
        // longer than the time an answer may wait for a reader that runs
        await Task.Delay(Timings.AnswerWrite + TimeSpan.FromSeconds(2));
        run.Signal(Signum.SIGCONT);

        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(80));

        output.WriteLine(done.Stderr);
        Assert.Equal(0, done.ExitCode);
        Assert.Equal(urls.Length, done.Records.Count);
        Assert.All(urls, url =>
        {
            JsonElement record = done.RecordFor(url);
            Assert.Equal(JsonValueKind.Null, record.GetProperty("error").ValueKind);
            Assert.Equal(1, record.GetProperty("attempts").GetInt32());
            Assert.Equal(30_000, record.GetProperty("link_urls").GetArrayLength());
        });
        Assert.DoesNotContain("killing it", done.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("lost", done.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("gave up writing", done.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact(Timeout = 120_000)]
    public async Task AWorkerWhoseAnswerNobodyReadsGivesItUpAndIsNotKilledAsStuck()
    {
        string path = Path.Combine(_cli.TempDirectory, "run.sock");
        // --timeout 10: a page of 30,000 links is fetched whole within it on a busy machine; a
        // fetch that timed out would answer a small error record, which the socket takes unread
        TimeSpan timeout = TimeSpan.FromSeconds(10);
        await using var run = new RunningCli(_cli, ["run", "-", "-w", "1", "-c", "2", "--links", "--socket", path, "--timeout", "10", "--retries", "0"], closeStdin: false);
        Assert.True(await run.WorkersAreAsync(1, TimeSpan.FromSeconds(20)));
        int worker = run.Workers[0];

        // A process of our uid asks for a large page and never reads the answer.
        using var reader = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await reader.ConnectAsync(new UnixDomainSocketEndPoint(path));
        await reader.SendAsync(Encoding.UTF8.GetBytes($"{{\"id\":987654321,\"url\":\"{site.Url("slow-links/0/30000")}\"}}\n"));
        Assert.True(await CliRunner.EventuallyAsync(() => PeerHasClosed(reader), TimeSpan.FromSeconds(30)), "the worker never gave the answer up");
        // The busy limit (the fetch budget and the busy margin, counted from the request's BUSY,
        // which came before the give-up) passes, and a supervisor pass after it: a worker still
        // counted busy with the dropped request would be killed by then.
        TimeSpan busyLimit = timeout + Timings.BusyMargin;
        bool killed = await CliRunner.EventuallyAsync(() => Syscall.kill(worker, 0) != 0, busyLimit + 2 * Timings.SupervisorPass + TimeSpan.FromSeconds(1));

        run.Stdin.WriteLine(site.Url("page/1"));
        run.Stdin.Close();
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(done.Stderr);
        Assert.False(killed, "the worker was killed");
        Assert.Equal(0, done.ExitCode);
        Assert.Equal(JsonValueKind.Null, done.RecordFor(site.Url("page/1")).GetProperty("error").ValueKind);
        Assert.Contains("gave up writing the answer for " + site.Url("slow-links/0/30000"), done.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("killing it", done.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact(Timeout = 60_000)]
    public async Task AnAnswerTheWorkerGaveUpIsLoggedAsFinishedButNotDeliveredNotAsNeverBegun()
    {
        _cli.Environment["WEBFETCH_TEST_UNREAD"] = "unread";
        string unread = site.Url("page/1?unread");
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(unread, site.Url("page/2")), "-w", "1", "-c", "1", "--retries", "0"]);
        output.WriteLine(run.Stderr);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("worker_lost", run.RecordFor(unread).GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, run.RecordFor(site.Url("page/2")).GetProperty("error").ValueKind);
        Assert.Contains("finished the request but its answer was not delivered", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("before any worker began the request", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    /// <summary>The other end closed the connection, seen without reading what it sent (POLLRDHUP).</summary>
    private static bool PeerHasClosed(Socket socket)
    {
        const PollEvents ReadHangUp = (PollEvents)0x2000; // POLLRDHUP on Linux
        var fds = new Pollfd[] { new() { fd = (int)socket.Handle, events = ReadHangUp } };
        return Syscall.poll(fds, 0) > 0 && (fds[0].revents & (ReadHangUp | PollEvents.POLLHUP)) != 0;
    }

    [Fact(Timeout = 60_000)]
    public async Task WorkersThatKeepDyingAtStartUpEndTheRunWithAClearError()
    {
        _cli.Environment["WEBFETCH_TEST_FAIL_START"] = "1";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-w", "2"], timeout: TimeSpan.FromSeconds(40));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("died before they were ready", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
        Assert.InRange(CountOf(run.Stderr, "before it was ready"), 5, 8); // backed off and gave up, no spinning
        output.WriteLine($"gave up after {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Theory(Timeout = 60_000)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task StartUpDeathsAreCountedPerRunWithTheBackOffBetweenThemAndEachIsLoggedOnce(int workers)
    {
        _cli.Environment["WEBFETCH_TEST_FAIL_START"] = "1";

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-w", workers.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            timeout: TimeSpan.FromSeconds(40));

        Assert.Equal(2, run.ExitCode);
        List<(TimeSpan At, int Pid)> deaths = [.. System.Text.RegularExpressions.Regex
            .Matches(run.Stderr, @"^(\d\d:\d\d:\d\d\.\d\d\d) WRN webfetch: worker (\d+) died .*, before it was ready$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => (TimeSpan.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)))];
        output.WriteLine(run.Stderr);
        Assert.Equal(deaths.Count, deaths.Select(d => d.Pid).Distinct().Count()); // each death logged once
        // the first try starts every worker; after it, one at a time: five tries in all
        Assert.Equal(workers + 4, deaths.Count);
        Assert.Equal(1, CountOf(run.Stderr, "5 workers in a row died before they were ready"));
        Assert.Equal(1, CountOf(run.Stderr, "giving up"));
        // between the first death and the last, at least the back-offs 0.2 + 0.4 + 0.8 + 1.6 s
        TimeSpan span = deaths[^1].At - deaths[0].At;
        Assert.True(span >= TimeSpan.FromSeconds(3), $"gave up {span.TotalSeconds:0.000} s after the first death");
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 90_000)]
    public async Task WhenOnlySomeWorkersFitUnderTheOpenFileLimitTheRunGoesOnWithThose()
    {
        string[] urls = Enumerable.Range(1, 12).Select(n => site.Url($"page/{n}")).ToArray();

        CliRun run = await _cli.RunInShellAsync("ulimit -n 145 && exec dotnet \"$WEBFETCH_DLL\" run \"$1\" -w 10", _cli.WriteInput(urls));

        output.WriteLine(run.Stderr);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(urls.Length, run.Records.Count);
        Assert.All(urls, url => Assert.Equal(JsonValueKind.Null, run.RecordFor(url).GetProperty("error").ValueKind));
        Assert.Contains("cannot start a worker: too many open files", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("of 10 and trying again", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 90_000)]
    public async Task WhenNotOneWorkerFitsUnderTheOpenFileLimitTheRunStopsWithExitTwoAndSaysWhy()
    {
        CliRun run = await _cli.RunInShellAsync("ulimit -n 90 && exec dotnet \"$WEBFETCH_DLL\" run \"$1\" -w 2", _cli.WriteInput(site.Url("page/1")));

        output.WriteLine(run.Stderr);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot start any worker: too many open files", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("raise the limit or use fewer workers", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 90_000)]
    public async Task UnderAProcessLimitWithRoomForOneWorkerTheRunGoesOnWithItAndNoWorkerDies()
    {
        string[] urls = Enumerable.Range(1, 30).Select(n => site.Url($"page/{n}")).ToArray();
        // Linux counts the limit in threads over all of the user's processes: room for the parent and one worker, not two.
        int limit = WebFetch.Supervisor.ThreadLimit.ThreadsOf(Nobody) + 10 + WebFetch.Supervisor.ThreadLimit.ParentGrowth + WebFetch.Supervisor.ThreadLimit.PerWorker + 6;

        CliRun run = await RunAsNobodyUnderProcessLimitAsync(limit, urls, "-w", "2");

        output.WriteLine(run.Stderr);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(urls.Length, run.Records.Count);
        Assert.All(urls, url => Assert.Equal(JsonValueKind.Null, run.RecordFor(url).GetProperty("error").ValueKind));
        Assert.Contains($"processes are limited to {limit} (ulimit -u", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("2 workers do not fit; running with 1", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("died", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 90_000)]
    public async Task UnderAProcessLimitWithNoRoomForAWorkerTheRunStopsWithExitTwoAndSaysWhy()
    {
        int limit = WebFetch.Supervisor.ThreadLimit.ThreadsOf(Nobody) + 20;

        CliRun run = await RunAsNobodyUnderProcessLimitAsync(limit, [site.Url("page/1")], "-w", "2");

        output.WriteLine(run.Stderr);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"cannot start any worker: processes are limited to {limit} (ulimit -u", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("raise the limit or end some of this user's processes", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    /// <summary>The user the process-limit runs are made as: root is not held to the limit, so then nobody.</summary>
    private static uint Nobody => Syscall.geteuid() == 0 ? 65534 : Syscall.getuid();

    /// <summary>A run under a process limit set by prlimit, as nobody when the tests run as root (util-linux's setpriv).</summary>
    private Task<CliRun> RunAsNobodyUnderProcessLimitAsync(int limit, string[] urls, params string[] options)
    {
        string asNobody = Syscall.geteuid() == 0 ? $"setpriv --reuid={Nobody} --regid={Nobody} --clear-groups " : "";
        File.SetUnixFileMode(_cli.TempDirectory, (UnixFileMode)0b111_111_111); // nobody makes its socket directory here
        string input = _cli.WriteInput(urls);
        File.SetUnixFileMode(input, (UnixFileMode)0b110_100_100);
        return _cli.RunInShellAsync(
            $"exec {asNobody}prlimit --nproc={limit} dotnet \"$WEBFETCH_DLL\" run \"$@\"",
            [input, .. options]);
    }

    [Fact(Timeout = 120_000)]
    public async Task WhenTheParentRunsOutOfDescriptorsItsConnectsWaitAndNoUrlIsCountedLost()
    {
        string[] first = Enumerable.Range(0, 16).Select(n => site.Url($"slow/150?first={n}")).ToArray();
        string[] urls = Enumerable.Range(0, 120).Select(n => site.Url($"slow/150?n={n}")).ToArray();
        // The published binary when there is one (./build.sh test names it): under the JIT
        // runtime each thread takes descriptors of its own (CoreCLR gives it a pipe), and a
        // thread it cannot start aborts the parent ("Out of memory."). On a busy machine the
        // thread pool grows, and a thread added once the connections took the last descriptors,
        // before the shortage gives up the reserve, ends the run; a NativeAOT thread needs none.
        // The Debug build, without the binary, is spared what it can be: the tiering thread,
        // which leaves when idle and starts again late, and a pool still to grow (below).
        using var cli = string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PublishedBinary.Variable))
            ? new CliRunner() : new CliRunner { Executable = PublishedBinary.Path };
        cli.Environment["DOTNET_TieredCompilation"] = "0";
        await using var run = new RunningCli(cli, ["run", "-", "-w", "2", "-c", "8"], closeStdin: false);
        Assert.True(await run.WorkersAreAsync(2, TimeSpan.FromSeconds(20)));
        Assert.True(await CliRunner.EventuallyAsync(() => run.WorkersOlderThan(TimeSpan.FromSeconds(1)).Count == 2, TimeSpan.FromSeconds(20)));
        // As many URLs first as the workers take at once, and their records: the parent has then
        // loaded all that a URL takes, and its thread pool has grown to what such a burst takes
        // on this machine (a thread needs descriptors too), as in any run that runs out of
        // descriptors once its connections took them. The workers' age alone says nothing of
        // how far a starved parent has come: it may still be loading its pipeline's assemblies.
        await WriteLinesAsync(run.Stdin, first);
        Assert.True(await CliRunner.EventuallyAsync(() => run.RecordCount == first.Length, TimeSpan.FromSeconds(40)), "the first URLs got no records");

        // The parent alone gets a limit that leaves room for about 3 of the 16 connections the workers could take at
        // once. A new descriptor takes the lowest free number under the limit; the descriptors the parent holds back
        // for the runtime (on /dev/null, opened last) stay under it, as they would under a limit set from the start.
        Dictionary<int, string> open = Directory.GetFiles($"/proc/{run.Pid}/fd").ToDictionary(
            f => int.Parse(Path.GetFileName(f), System.Globalization.CultureInfo.InvariantCulture), f => new FileInfo(f).LinkTarget ?? "");
        int[] free = [.. Enumerable.Range(0, 100_000).Where(fd => !open.ContainsKey(fd)).Take(3)];
        int limit = Math.Max(free[2] + 1, open.Where(p => p.Value == "/dev/null").Max(p => p.Key) + 1);
        using (var prlimit = System.Diagnostics.Process.Start("prlimit", ["--pid", run.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), $"--nofile={limit}:{limit}"]))
        {
            await prlimit.WaitForExitAsync();
            Assert.Equal(0, prlimit.ExitCode);
        }
        await WriteLinesAsync(run.Stdin, urls);
        run.Stdin.Close();
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(90));
        output.WriteLine(done.Stderr);

        Assert.Equal(0, done.ExitCode);
        Assert.Equal(first.Length + urls.Length, done.Records.Count);
        Assert.All(urls, url => Assert.Equal(JsonValueKind.Null, done.RecordFor(url).GetProperty("error").ValueKind));
        Assert.All(urls, url => Assert.Equal(1, done.RecordFor(url).GetProperty("attempts").GetInt32()));
        Assert.Equal(1, CountOf(done.Stderr, "the parent has no free file descriptor to connect to a worker"));
        Assert.DoesNotContain(" lost", done.Stderr, StringComparison.Ordinal);
        Assert.Empty(await cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact(Timeout = 60_000)]
    public async Task TtinAndTtouChangeTheWorkerCountButNeverBelowOne()
    {
        // The input stays open on stdin until the checks are done, so the run outlasts them.
        string[] urls = Enumerable.Range(0, 400).Select(n => site.Url($"slow/40?n={n}")).ToArray();
        await using var run = new RunningCli(_cli, ["run", "-", "-w", "2"], closeStdin: false);
        await WriteLinesAsync(run.Stdin, urls);
        Assert.True(await run.WorkersAreAsync(2, TimeSpan.FromSeconds(20)));

        run.Signal(Signum.SIGTTIN);
        Assert.True(await run.WorkersAreAsync(3, TimeSpan.FromSeconds(10)), "SIGTTIN did not add a worker");
        run.Signal(Signum.SIGTTOU);
        await Task.Delay(200);
        run.Signal(Signum.SIGTTOU);
        Assert.True(await run.WorkersAreAsync(1, TimeSpan.FromSeconds(10)), "two SIGTTOU did not leave one worker");
        run.Signal(Signum.SIGTTOU);
        await Task.Delay(1500);
        Assert.Single(run.Workers);
        run.Stdin.Close();

        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, done.ExitCode);
        Assert.Equal(urls.Length, done.Records.Count);
        Assert.Contains("keeps at least one worker", done.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task HupReplacesEveryWorkerWithoutLosingAUrl()
    {
        // Under nohup the runs inherit SIGHUP ignored, and the .NET runtime keeps a signal that
        // was ignored at start ignored: then the run must go on untouched with its workers.
        bool hupIgnored = IgnoredHere(Signum.SIGHUP);
        // The input comes on stdin and stays open until the restart is seen, so the run cannot
        // end before it however slowly the new workers start; the second half goes to them.
        string[] urls = Enumerable.Range(0, 400).Select(n => site.Url($"slow/30?n={n}")).ToArray();
        await using var run = new RunningCli(_cli, ["run", "-", "-w", "2"], closeStdin: false);
        await WriteLinesAsync(run.Stdin, urls[..200]);
        Assert.True(await run.WorkersAreAsync(2, TimeSpan.FromSeconds(20)));
        int[] original = [.. run.Workers];

        run.Signal(Signum.SIGHUP);
        bool replaced = await CliRunner.EventuallyAsync(
            () => run.Workers is { Count: 2 } now && !now.Intersect(original).Any(), TimeSpan.FromSeconds(hupIgnored ? 2 : 30));
        await WriteLinesAsync(run.Stdin, urls[200..]);
        run.Stdin.Close();

        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, done.ExitCode);
        Assert.Equal(urls.Order(), done.Records.Select(r => r.GetProperty("url").GetString()!).Order());
        Assert.All(done.Records, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind));
        if (hupIgnored)
        {
            output.WriteLine("SIGHUP is ignored in this environment (nohup): checked that it changes nothing");
            Assert.False(replaced);
            Assert.DoesNotContain("SIGHUP", done.Stderr, StringComparison.Ordinal);
            return;
        }
        Assert.True(replaced, $"the original workers {string.Join(' ', original)} were not all replaced; stderr:\n{done.Stderr}");
        Assert.True(done.Records.Select(r => r.GetProperty("worker").GetInt32()).Distinct().Count() > 2);
    }

    /// <summary>Whether <paramref name="signal"/> is ignored in this process (SigIgn in /proc/self/status), and so in the runs it starts.</summary>
    private static bool IgnoredHere(Signum signal)
    {
        string mask = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))["SigIgn:".Length..].Trim();
        return ((Convert.ToUInt64(mask, 16) >> ((int)signal - 1)) & 1) == 1;
    }

    [Fact(Timeout = 60_000)]
    public async Task WorkersThatLoseTheAcceptRaceStillHearHalt()
    {
        // Every idle worker polling the shared listener wakes for a connection and one wins it.
        // The others must get EAGAIN: a loser blocked in accept(2) would neither hear HALT nor
        // leave until the stop timeout's SIGKILL.
        await using var run = new RunningCli(_cli, ["run", "-", "-w", "8", "-v"], closeStdin: false);
        Assert.True(await CliRunner.EventuallyAsync(() => run.WorkersOlderThan(TimeSpan.FromSeconds(2.5)).Count == 8, TimeSpan.FromSeconds(30)),
            "the pool never had 8 settled workers");
        await WriteLinesAsync(run.Stdin, [site.Url("page/1")]);
        Assert.True(await CliRunner.EventuallyAsync(() => run.RecordCount == 1, TimeSpan.FromSeconds(10)), "no record for the one URL");
        run.Stdin.Close();

        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(done.Stderr);
        Assert.Equal(0, done.ExitCode);
        Assert.Equal(8, CountOf(done.Stderr, "left (exit code 0)"));
        Assert.DoesNotContain("SIGKILL", done.Stderr, StringComparison.Ordinal);
    }

    private static async Task WriteLinesAsync(StreamWriter input, IEnumerable<string> lines)
    {
        foreach (string line in lines)
        {
            await input.WriteLineAsync(line);
        }
        await input.FlushAsync();
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
