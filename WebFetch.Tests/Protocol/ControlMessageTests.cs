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
    [InlineData("ERROR")]
    [InlineData("ERROR ")]
    [InlineData("error disk full")]
    public void MalformedLineIsRejected(string? line)
    {
        Assert.False(ControlMessage.TryParse(line, out ControlMessage message));
        Assert.Equal(default, message);
    }

    [Fact]
    public void AnErrorLineCarriesItsTextWithItsSpaces()
    {
        Assert.True(ControlMessage.TryParse("ERROR IOException: No space left on device", out ControlMessage message));

        Assert.Equal(ControlMessage.Error, message.Verb);
        Assert.Equal("IOException: No space left on device", message.Text);
        Assert.Equal("ERROR IOException: No space left on device", message.ToString());
    }

    [Fact]
    public void AnErrorWithLineBreaksAndControlCharactersIsPrintedOnOneLine()
    {
        ControlMessage message = ControlMessage.ErrorOf("InvalidOperationException: first\r\nsecond\tthird\u0000\u0085end\n");

        string line = message.ToString();

        Assert.Equal("ERROR InvalidOperationException: first  second third  end", line);
        Assert.True(ControlMessage.TryParse(line, out ControlMessage parsed));
        Assert.Equal(message, parsed);
    }

    [Fact]
    public void AnErrorMadeWithoutErrorOfIsStillPrintedOnOneLine()
    {
        Assert.Equal("ERROR a b", new ControlMessage(ControlMessage.Error, Text: "a\nb").ToString());
        Assert.Equal("ERROR (no message)", new ControlMessage(ControlMessage.Error).ToString());
    }

    [Fact]
    public void AnErrorWithABlankTextSaysThereIsNoMessage()
    {
        Assert.Equal("(no message)", ControlMessage.ErrorOf(" \n ").Text);
        Assert.True(ControlMessage.TryParse("ERROR   ", out ControlMessage parsed));
        Assert.Equal("(no message)", parsed.Text);
    }

    [Fact]
    public void ALongErrorIsCutToTheBoundAndParsesBackToItself()
    {
        ControlMessage message = ControlMessage.ErrorOf("HttpRequestException: " + new string('x', 5000));

        Assert.Equal(ControlMessage.MaxErrorText, message.Text!.Length);
        Assert.EndsWith("x…", message.Text, StringComparison.Ordinal);
        Assert.True(ControlMessage.TryParse(message.ToString(), out ControlMessage parsed));
        Assert.Equal(message, parsed);
    }

    [Fact]
    public void ALongErrorIsNeverCutInsideASurrogatePair()
    {
        ControlMessage message = ControlMessage.ErrorOf(string.Concat(Enumerable.Repeat("\U0001F600", 400)));

        Assert.True(message.Text!.Length <= ControlMessage.MaxErrorText);
        Assert.False(char.IsHighSurrogate(message.Text[^2]));
        Assert.EndsWith("\U0001F600…", message.Text, StringComparison.Ordinal);
        Assert.True(ControlMessage.TryParse(message.ToString(), out ControlMessage parsed));
        Assert.Equal(message, parsed);
    }

    [Fact]
    public void AShortErrorIsKeptWhole()
    {
        string text = "E: " + new string('y', ControlMessage.MaxErrorText - 3);

        Assert.Equal(text, ControlMessage.ErrorOf(text).Text);
    }
}
