using WebFetch.Supervisor;
using Xunit;

namespace WebFetch.Tests.Supervisor;

public sealed class OpenFileLimitTests
{
    [Theory]
    [InlineData(1, 1000, 456, 100)] // one worker: two descriptors per connection
    [InlineData(4, 8, 1024, 8)] // fits: unchanged
    [InlineData(8, 100, 1080, 100)] // the parent's 8 x 100 and 8 x 3 pipes fit exactly
    [InlineData(8, 200, 1080, 100)] // the parent's share binds
    [InlineData(2, 100, 64, 1)] // nothing left: one each, never zero
    public void ConcurrencyIsLoweredOnlyAsFarAsTheLimitRequires(int workers, int concurrency, long limit, int expected)
    {
        Assert.Equal(expected, OpenFileLimit.FittingConcurrency(workers, concurrency, limit));
    }

    [Fact]
    public void RaisingReportsALimitThatLeavesRoomForTheReserve()
    {
        long? limit = OpenFileLimit.Raise();

        Assert.NotNull(limit);
        Assert.True(limit > OpenFileLimit.Reserve, $"limit {limit}");
        Assert.Equal(limit, OpenFileLimit.Raise()); // already raised: nothing changes
    }
}
