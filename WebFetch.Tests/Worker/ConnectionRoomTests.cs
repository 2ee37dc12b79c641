using WebFetch.Fetching;
using WebFetch.Worker;
using Xunit;

namespace WebFetch.Tests.Worker;

public sealed class ConnectionRoomTests
{
    [Theory]
    [InlineData(4096L, 8, 4096 - ConnectionRoom.Reserve - 8)] // the parent's connections are not the servers'
    [InlineData(1024L, 64, 1024 - ConnectionRoom.Reserve - 64)]
    [InlineData(300L, 64, 1)] // a limit too low for the reserve: one at a time, and EMFILE waited out
    public void TheRoomIsTheLimitLessTheReserveAndTheParentsConnections(long limit, int concurrency, int expected)
    {
        Assert.Equal(expected, ConnectionRoom.Capacity(limit, concurrency));
    }

    [Fact]
    public void NoKnownLimitMeansNoWait()
    {
        Assert.Equal(DescriptorBudget.Unlimited, ConnectionRoom.Capacity(null, 8));
        Assert.Equal(DescriptorBudget.Unlimited, ConnectionRoom.Capacity(long.MaxValue, 8));
    }

    [Fact]
    public void AWorkersBudgetFollowsItsOwnLimit()
    {
        DescriptorBudget budget = ConnectionRoom.For(8);

        Assert.InRange(budget.Capacity, 1, DescriptorBudget.Unlimited);
        Assert.Equal(0, budget.Open);
    }
}
