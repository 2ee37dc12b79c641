using System.Net.Sockets;
using WebFetch.Pipeline;
using WebFetch.Protocol;
using WebFetch.Supervisor;
using WebFetch.Tests.Pipeline.Fakes;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Pipeline;

public sealed class WorkerClientTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly ScriptedWorkers _workers = new();
    private readonly List<string> _socketLost = [];
    private string? _socketProblem;

    [Fact]
    public async Task AResultGetsTheLineAsGivenAndCountsTheAttemptsLostBeforeIt()
    {
        int calls = 0;
        _workers.Answer = (request, _) => Task.FromResult<FetchResult?>(
            ++calls == 1 ? null : new FetchResult { Url = request.Url, Status = 200, Attempts = 2 });

        FetchResult record = await Client(isolateSuspects: false).FetchAsync(Lines.Of("  HTTPS://A.test/page#x  "), CancellationToken.None).WaitAsync(Bound);

        Assert.Equal("HTTPS://A.test/page#x", record.Url);
        Assert.Equal(200, record.Status);
        Assert.Equal(3, record.Attempts); // one lost with its worker, then two tries of the fetch itself
        Assert.All(_workers.Sent, r => Assert.Equal("https://a.test/page", r.Url));
    }

    [Fact]
    public async Task AUrlLostOnEveryAttemptIsRecordedAsWorkerLost()
    {
        _workers.Answer = (_, _) => Task.FromResult<FetchResult?>(null);

        FetchResult record = await Client(isolateSuspects: false).FetchAsync(Lines.Of("https://a.test/crash"), CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(ErrorKind.WorkerLost, record.Error!.Kind);
        Assert.Equal(3, record.Attempts);
        Assert.StartsWith("lost on all 3 attempts; last: worker 4242 was killed", record.Error.Message, StringComparison.Ordinal);
        Assert.All(_workers.Sent, r => Assert.False(r.Solo));
    }

    [Fact]
    public async Task WithSharedWorkersALossMakesTheUrlASuspectThatRunsAloneAndOnlyThoseLossesCount()
    {
        _workers.Answer = (_, _) => Task.FromResult<FetchResult?>(null);

        FetchResult record = await Client(isolateSuspects: true).FetchAsync(Lines.Of("https://a.test/crash"), CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(4, record.Attempts); // the first loss, with other URLs, does not count
        Assert.Equal([false, true, true, true], _workers.Sent.Select(r => r.Solo));
        Assert.Contains("(3 while it ran alone)", record.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALossBeforeAnyWorkerBeganTheUrlNeverCountsAndTheUrlStopsAfterTwiceTheAttempts()
    {
        _workers.Answer = (_, _) => Task.FromResult<FetchResult?>(null);
        _workers.LossesStarted = false;

        FetchResult record = await Client(isolateSuspects: true).FetchAsync(Lines.Of("https://a.test/x"), CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(6, record.Attempts);
        Assert.Contains("(0 while it ran alone)", record.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestNotSentForWantOfDescriptorsCountsWithoutMakingTheUrlASuspect()
    {
        _workers.Answer = (_, _) => Task.FromException<FetchResult?>(new DescriptorsExhaustedException("no descriptor left for a connection"));

        FetchResult record = await Client(isolateSuspects: true).FetchAsync(Lines.Of("https://a.test/x"), CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(ErrorKind.WorkerLost, record.Error!.Kind);
        Assert.Equal(3, record.Attempts);
        Assert.All(_workers.Sent, r => Assert.False(r.Solo));
        Assert.EndsWith("last: no descriptor left for a connection", record.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConnectThatFindsTheSocketReplacedEndsTheUrlNotStartedAndTellsTheRunOnce()
    {
        _socketProblem = "the socket was replaced";
        _workers.Answer = (_, _) => Task.FromException<FetchResult?>(new SocketException((int)SocketError.ConnectionRefused));
        WorkerClient client = Client(isolateSuspects: false);

        FetchResult first = await client.FetchAsync(Lines.Of("https://a.test/1"), CancellationToken.None).WaitAsync(Bound);
        FetchResult second = await client.FetchAsync(Lines.Of("https://a.test/2"), CancellationToken.None).WaitAsync(Bound);

        Assert.All([first, second], r => Assert.Equal(ErrorKind.Interrupted, r.Error!.Kind));
        Assert.Contains("before this URL was started", first.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(["the socket was replaced"], _socketLost);
    }

    [Fact]
    public async Task AnAbortWhileTheUrlIsInFlightGivesAnInterruptedRecordNamingItsWorker()
    {
        _workers.Answer = async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return null;
        };
        _workers.Holder = 31337;
        using var abort = new CancellationTokenSource();
        Task<FetchResult> fetch = Client(isolateSuspects: false).FetchAsync(Lines.Of("https://a.test/slow"), abort.Token);
        Assert.True(await CliRunner.EventuallyAsync(() => !_workers.Sent.IsEmpty, Bound));

        await abort.CancelAsync();
        FetchResult record = await fetch.WaitAsync(Bound);

        Assert.Equal(ErrorKind.Interrupted, record.Error!.Kind);
        Assert.Equal(31337, record.Worker);
        Assert.Contains("attempt 1, worker 31337", record.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARunsFetchOptionsGoWithEveryAttemptOfItsUrlAndALocalRunSendsNone()
    {
        int calls = 0;
        _workers.Answer = (request, _) => Task.FromResult<FetchResult?>(++calls == 1 ? null : new FetchResult { Url = request.Url, Status = 200, Attempts = 1 });
        const string Options = """{"timeout":"00:00:05","links":true}""";

        await Client(isolateSuspects: false).FetchAsync(Lines.Of("https://a.test/queued"), Options, CancellationToken.None).WaitAsync(Bound);
        await Client(isolateSuspects: false).FetchAsync(Lines.Of("https://a.test/local"), CancellationToken.None).WaitAsync(Bound);

        Assert.Equal([Options, Options, null], _workers.Sent.Select(r => r.Options));
    }

    private WorkerClient Client(bool isolateSuspects) =>
        new(_workers, _workers, new RequestBook(), new SocketWatch(() => _socketProblem, _socketLost.Add), new StopCause(TimeSpan.FromSeconds(10)),
            maxAttempts: 3, isolateSuspects);
}
