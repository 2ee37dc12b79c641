using Microsoft.Extensions.Time.Testing;
using WebFetch.Input;
using WebFetch.Pipeline;
using WebFetch.Protocol;
using WebFetch.Supervisor;
using WebFetch.Tests.Pipeline.Fakes;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Pipeline;

public sealed class DispatcherTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly ScriptedWorkers _workers = new();
    private readonly CollectingSink _sink = new();
    private readonly StopCause _cause = new(TimeSpan.FromSeconds(10));
    private int _window = 8;

    [Fact]
    public async Task EveryLineGetsExactlyOneRecordInItsPlace()
    {
        var source = ListSource.Of("https://a.test/1", "not a url", "https://b.test/2", "https://a.test/1", "https://c.test/3");

        await Dispatcher(new DispatchPolicy()).RunAsync(source, CancellationToken.None, CancellationToken.None).WaitAsync(Bound);

        Assert.Equal([0L, 1L, 2L, 3L, 4L], _sink.Sequences);
        Assert.Equal(["https://a.test/1", "not a url", "https://b.test/2", "https://a.test/1", "https://c.test/3"], _sink.Records.Select(r => r.Url));
        Assert.Equal(ErrorKind.InvalidUrl, _sink.Records[1].Error!.Kind);
        Assert.Equal(200, _sink.Records[3].Status); // the repeat's copy of the first record
        Assert.Equal(3, _workers.Sent.Count);
        Assert.True(_sink.Flushed);
    }

    [Fact]
    public async Task TheWindowBoundsTheUrlsInFlight()
    {
        _window = 2;
        var gate = new SemaphoreSlim(0);
        int inFlight = 0, most = 0;
        _workers.Answer = async (request, cancellationToken) =>
        {
            int now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await gate.WaitAsync(cancellationToken);
            Interlocked.Decrement(ref inFlight);
            return new FetchResult { Url = request.Url, Status = 200, Attempts = 1 };
        };
        var source = ListSource.Of([.. Enumerable.Range(0, 6).Select(i => $"https://h{i}.test/")]);
        Task run = Dispatcher(new DispatchPolicy()).RunAsync(source, CancellationToken.None, CancellationToken.None);

        for (int sent = 2; sent <= 6; sent++)
        {
            Assert.True(await CliRunner.EventuallyAsync(() => _workers.Sent.Count >= sent, Bound));
            gate.Release();
        }
        gate.Release(6);
        await run.WaitAsync(Bound);

        Assert.Equal(6, _sink.Records.Count);
        Assert.Equal(2, most);
    }

    [Fact]
    public async Task AStopBeforeTheQueuedUrlsStartGivesEachAnInterruptedRecord()
    {
        _window = 0; // no worker serves: nothing starts
        var source = ListSource.Of("https://a.test/1", "https://a.test/1", "https://b.test/2");
        using var stop = new CancellationTokenSource();
        Task run = Dispatcher(new DispatchPolicy()).RunAsync(source, stop.Token, CancellationToken.None);
        Assert.True(await CliRunner.EventuallyAsync(() => source.Taken == 3, Bound));
        _cause.Stopped("SIGTERM");

        await stop.CancelAsync();
        await run.WaitAsync(Bound);

        Assert.Equal(3, _sink.Records.Count);
        Assert.All(_sink.Records, r => Assert.Equal("SIGTERM: the run stopped before this URL was started", r.Error!.Message));
        Assert.Empty(_workers.Sent);
    }

    [Fact]
    public async Task AnAbortEndsTheUrlsInFlightAsInterruptedAndTheRestAsNotStarted()
    {
        _window = 2;
        _workers.Answer = async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return null;
        };
        var source = ListSource.Of("https://a.test/1", "https://b.test/2", "https://c.test/3");
        using var stop = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();
        Task run = Dispatcher(new DispatchPolicy()).RunAsync(source, stop.Token, abort.Token);
        Assert.True(await CliRunner.EventuallyAsync(() => _workers.Sent.Count == 2, Bound));
        _cause.Killed("SIGINT again: the workers were killed");

        await stop.CancelAsync();
        await abort.CancelAsync();
        await run.WaitAsync(Bound);

        Assert.Equal(3, _sink.Records.Count);
        Assert.All(_sink.Records, r => Assert.Equal(ErrorKind.Interrupted, r.Error!.Kind));
        Assert.Equal(2, _sink.Records.Count(r => r.Error!.Message.Contains("while this URL was in flight", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ASourceThatFailsMidwayFailsTheRunAfterTheLinesReadGetTheirRecords()
    {
        var source = new ListSource();
        source.Write(Lines.Of("https://a.test/1"));
        source.Write(Lines.Of("https://b.test/2", 2));
        source.Fail(new IOException("cannot read input file 'urls.txt': Input/output error"));

        IOException e = await Assert.ThrowsAsync<IOException>(
            () => Dispatcher(new DispatchPolicy()).RunAsync(source, CancellationToken.None, CancellationToken.None).WaitAsync(Bound));

        Assert.Contains("Input/output error", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, _sink.Records.Count);
    }

    [Fact]
    public async Task TheLookAheadBoundsTheUrlsReadWhileTheOutputHasNoRoom()
    {
        _sink.Room = false; // a reader that takes nothing: no URL starts and admission stops at once
        var source = new ListSource();
        for (int i = 0; i < 200; i++)
        {
            source.Write(Lines.Of($"https://h{i}.test/", i + 1));
        }
        source.End();
        using var stop = new CancellationTokenSource();
        Task run = Dispatcher(new DispatchPolicy()).RunAsync(source, stop.Token, CancellationToken.None);
        Assert.True(await CliRunner.EventuallyAsync(() => source.Taken >= 65, Bound)); // the read buffer is full
        Assert.Empty(_sink.Records);

        _sink.Room = true;
        await stop.CancelAsync();
        await run.WaitAsync(Bound);

        Assert.Equal(source.Taken, _sink.Records.Count); // every line read has its record, none more
        Assert.True(source.Taken < 200);
    }

    private Dispatcher Dispatcher(DispatchPolicy policy)
    {
        var socket = new SocketWatch(() => null, _ => { });
        var client = new WorkerClient(_workers, _workers, new RequestBook(), socket, _cause, maxAttempts: 3, isolateSuspects: false);
        return new Dispatcher(new Admission(policy, done: null), new JobScheduler(policy), client, _sink, _cause, () => _window, new FakeTimeProvider());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
