using WebFetch.Cli;
using Xunit;

namespace WebFetch.Tests.Cli;

public sealed class ProgressLineTests
{
    [Fact]
    public void TheLineShowsDoneOfTotalRateFailuresAndWorkers()
    {
        string line = ProgressLine.Format(new ProgressLine.Snapshot(250, 1000, 12.34, 3, 2));

        Assert.Equal("webfetch: 250/1000 (25.0%) done, 12.3/s, 3 failed, 2 workers", line);
    }

    [Fact]
    public void WithoutATotalOnlyTheCountIsShown()
    {
        string line = ProgressLine.Format(new ProgressLine.Snapshot(7, null, 0, 0, 4));

        Assert.Equal("webfetch: 7 done, 0.0/s, 0 failed, 4 workers", line);
    }
}
