using WebFetch.Protocol;
using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class DeliveryRulesTests
{
    private static readonly FetchResult Fetched = new() { Url = "https://a.test/", Status = 200, Worker = 4242, Attempts = 2 };

    private static readonly FetchResult LostHere =
        FetchResult.Failed("https://a.test/", ErrorKind.WorkerLost, "lost on all 1 attempts; last: worker 4242 was killed by SIGKILL") with { Attempts = 1 };

    [Fact]
    public void ARecordCountsTheAttemptsOfEveryEarlierDeliveryAndNamesThisHost()
    {
        FetchResult record = DeliveryRules.Record(Fetched, delivered: 3, "agent-1");

        Assert.Equal(4, record.Attempts); // two deliveries lost elsewhere, then two tries of the fetch itself here
        Assert.Equal("agent-1", record.Host);
        Assert.Equal(4242, record.Worker);
    }

    [Fact]
    public void AJobLostHereBeforeItsLastDeliveryGoesBackToTheQueue()
    {
        Assert.Equal(DeliveryVerdict.Retry, DeliveryRules.Judge(LostHere, delivered: 1, maxAttempts: 3));
        Assert.Equal(DeliveryVerdict.Retry, DeliveryRules.Judge(LostHere, delivered: 2, maxAttempts: 3));
    }

    [Fact]
    public void AJobLostHereOnItsLastDeliveryIsAWorkerLostRecordTellingEveryDelivery()
    {
        Assert.Equal(DeliveryVerdict.Publish, DeliveryRules.Judge(LostHere, delivered: 3, maxAttempts: 3));

        FetchResult record = DeliveryRules.Record(LostHere, delivered: 3, "agent-1");

        Assert.Equal(ErrorKind.WorkerLost, record.Error!.Kind);
        Assert.Equal(3, record.Attempts);
        Assert.Equal("lost on all 3 deliveries; on the last, lost on all 1 attempts; last: worker 4242 was killed by SIGKILL", record.Error.Message);
    }

    [Fact]
    public void AJobCutShortByThisAgentsStopGoesBackAtOnceAndAnyOtherResultIsPublished()
    {
        FetchResult interrupted = FetchResult.Failed("https://a.test/", ErrorKind.Interrupted, "SIGTERM: ...");
        FetchResult timeout = FetchResult.Failed("https://a.test/", ErrorKind.Timeout, "timed out");

        Assert.Equal(DeliveryVerdict.GiveBack, DeliveryRules.Judge(interrupted, delivered: 1, maxAttempts: 3));
        Assert.Equal(DeliveryVerdict.Publish, DeliveryRules.Judge(timeout, delivered: 1, maxAttempts: 3));
        Assert.Equal(DeliveryVerdict.Publish, DeliveryRules.Judge(Fetched, delivered: 1, maxAttempts: 3));
    }

    [Fact]
    public void AJobArrivingPastItsAttemptsIsLostWithoutBeingFetched()
    {
        Assert.False(DeliveryRules.LostTooOften(delivered: 3, maxAttempts: 3));
        Assert.True(DeliveryRules.LostTooOften(delivered: 4, maxAttempts: 3));

        FetchResult record = DeliveryRules.LostRecord("https://a.test/", delivered: 4, "agent-2");

        Assert.Equal(ErrorKind.WorkerLost, record.Error!.Kind);
        Assert.Equal("lost 3 times: the machines holding it died or were stopped", record.Error.Message);
        Assert.Equal(3, record.Attempts);
        Assert.Equal("agent-2", record.Host);
        Assert.Null(record.Worker);
    }

    [Fact]
    public void TheDelayBeforeALostJobIsDeliveredAgainDoublesUpToItsCap()
    {
        Assert.Equal(Timings.AgentRedeliveryBase, DeliveryRules.RedeliveryDelay(1));
        Assert.Equal(Timings.AgentRedeliveryBase * 2, DeliveryRules.RedeliveryDelay(2));
        Assert.Equal(Timings.AgentRedeliveryCap, DeliveryRules.RedeliveryDelay(40));
        Assert.Equal(Timings.AgentRedeliveryCap, DeliveryRules.RedeliveryDelay(ulong.MaxValue));
    }
}
