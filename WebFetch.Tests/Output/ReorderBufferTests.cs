using WebFetch.Output;
using Xunit;

namespace WebFetch.Tests.Output;

public sealed class ReorderBufferTests
{
    [Fact]
    public void RecordsAreReleasedInSequenceOrder()
    {
        var buffer = new ReorderBuffer<string>(10);
        var released = new List<string>();

        buffer.Add(2, "c", released);
        buffer.Add(1, "b", released);
        Assert.Empty(released);
        buffer.Add(0, "a", released);

        Assert.Equal(["a", "b", "c"], released);
        Assert.Equal(0, buffer.Held);
    }

    [Fact]
    public void ASkippedNumberDoesNotHoldBackTheRest()
    {
        var buffer = new ReorderBuffer<string>(10);
        var released = new List<string>();

        buffer.Add(1, "b", released);
        buffer.Skip(0, released);

        Assert.Equal(["b"], released);
        Assert.Equal(2, buffer.Next);
    }

    [Fact]
    public void TheWindowIsFullWhileTheOldestRecordIsMissing()
    {
        var buffer = new ReorderBuffer<string>(3);
        var released = new List<string>();
        buffer.Add(1, "b", released);
        buffer.Add(2, "c", released);

        Assert.True(buffer.HasRoom(2));
        Assert.False(buffer.HasRoom(3));
        buffer.Add(0, "a", released);
        Assert.True(buffer.HasRoom(5));
        Assert.False(buffer.HasRoom(6));
    }

    [Fact]
    public void FlushReleasesWhatIsHeldInOrderPastTheGaps()
    {
        var buffer = new ReorderBuffer<string>(10);
        var released = new List<string>();
        buffer.Add(4, "e", released);
        buffer.Add(2, "c", released);

        buffer.Flush(released);

        Assert.Equal(["c", "e"], released);
        Assert.Equal(5, buffer.Next);
    }

    [Fact]
    public void PlacingANumberTwiceIsABug()
    {
        var buffer = new ReorderBuffer<string>(10);
        var released = new List<string>();
        buffer.Add(0, "a", released);

        Assert.Throws<InvalidOperationException>(() => buffer.Add(0, "again", released));
    }
}
