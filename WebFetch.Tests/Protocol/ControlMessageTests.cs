using System.Runtime.Versioning;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Protocol;

[SupportedOSPlatform("linux")]
public sealed class ControlMessageTests
{
    [Theory]
    [InlineData("READY", "READY", 0)]
    [InlineData("HEARTBEAT", "HEARTBEAT", 0)]
    [InlineData("HALT", "HALT", 0)]
    [InlineData("BUSY 17", "BUSY", 17)]
    [InlineData("DONE 17", "DONE", 17)]
    [InlineData("BUSY 0", "BUSY", 0)]
    [InlineData("DONE 9223372036854775807", "DONE", long.MaxValue)]
    public void WellFormedLineParsesAndPrintsBackTheSame(string line, string verb, long id)
    {
        Assert.True(ControlMessage.TryParse(line, out ControlMessage message));

        Assert.Equal(verb, message.Verb);
        Assert.Equal(id, message.RequestId);
        Assert.Equal(line, message.ToString());
    }

    [Theory]
    [InlineData(ControlMessage.Ready, 0)]
    [InlineData(ControlMessage.Heartbeat, 0)]
    [InlineData(ControlMessage.Halt, 0)]
    [InlineData(ControlMessage.Busy, 17)]
    [InlineData(ControlMessage.Done, 17)]
    public void PrintedMessageParsesBackToItself(string verb, long id)
    {
        var message = new ControlMessage(verb, id);

        Assert.True(ControlMessage.TryParse(message.ToString(), out ControlMessage parsed));
        Assert.Equal(message, parsed);
    }

    [Fact]
    public void VerbsWithoutIdIgnoreTheIdWhenPrinted()
    {
        Assert.Equal("HALT", new ControlMessage(ControlMessage.Halt, 5).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("ready")]
    [InlineData("BUSY")]
    [InlineData("DONE")]
    [InlineData("BUSY ")]
    [InlineData("BUSY -1")]
    [InlineData("BUSY x")]
    [InlineData("BUSY 1x")]
    [InlineData("BUSY +1")]
    [InlineData("BUSY  17")]
    [InlineData("BUSY 17 ")]
    [InlineData("BUSY 99999999999999999999")]
    [InlineData("READY 1")]
    [InlineData("HALT now")]
    [InlineData(" READY")]
    public void MalformedLineIsRejected(string? line)
    {
        Assert.False(ControlMessage.TryParse(line, out ControlMessage message));
        Assert.Equal(default, message);
    }
}
