using WebFetch.Output;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Output;

public sealed class RunStatisticsTests
{
    private static FetchResult Response(int status) => new() { Url = $"http://127.0.0.1/{status}", Status = status };

    private static FetchResult Failure(string kind) => new() { Url = "http://127.0.0.1/x", Error = new FetchError(kind, "m") };

    [Fact]
    public void ASummaryCountsResponsesByStatusClassAndNeverCallsA404Ok()
    {
        var statistics = new RunStatistics();
        foreach (FetchResult record in (FetchResult[])[Response(200), Response(204), Response(301), Response(404), Response(500), Response(429), Failure("connect"), Failure("connect"), Failure("timeout")])
        {
            statistics.Count(record);
        }

        string summary = statistics.Summary();

        Assert.StartsWith("9 records: 6 responses (2 2xx, 1 3xx, 2 4xx, 1 5xx), 3 failed (connect 2, timeout 1) in ", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("ok", summary, StringComparison.Ordinal);
        Assert.Equal(6, statistics.Responses);
        Assert.Equal(3, statistics.Failed);
    }

    [Fact]
    public void OneResponseIsSaidInTheSingular()
    {
        var statistics = new RunStatistics();
        statistics.Count(Response(200));

        Assert.StartsWith("1 records: 1 response (1 2xx), 0 failed in ", statistics.Summary(), StringComparison.Ordinal);
    }
}
