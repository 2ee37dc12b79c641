using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class JobKeyTests
{
    [Fact]
    public void AKeyReadsBackAsWritten()
    {
        var key = new JobKey(2, 12345678901);

        Assert.Equal("2:12345678901", key.ToString());
        Assert.True(JobKey.TryParse(key.ToString(), out JobKey read));
        Assert.Equal(key, read);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("3")]
    [InlineData(":4")]
    [InlineData("1:")]
    [InlineData("1:0")]
    [InlineData("-1:4")]
    [InlineData("1:+4")]
    [InlineData("a:4")]
    [InlineData("1:4:5")]
    [InlineData(" 1:4")]
    public void AnythingElseIsNotAKey(string? text) => Assert.False(JobKey.TryParse(text, out _));

    [Fact]
    public void KeysAreOrderedAsTheInputIsRead()
    {
        Assert.True(new JobKey(0, 9) < new JobKey(0, 10));
        Assert.True(new JobKey(0, 1000) < new JobKey(1, 1));
        Assert.True(new JobKey(1, 1) >= new JobKey(1, 1));
    }
}
