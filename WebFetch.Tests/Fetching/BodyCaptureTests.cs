using System.Text;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>The start of a body as the text a record carries: UTF-8, cut on a character boundary.</summary>
public sealed class BodyCaptureTests
{
    [Theory]
    [InlineData(2, "ab")]
    [InlineData(3, "ab")] // the euro sign's first byte alone: cut before it
    [InlineData(4, "ab")] // two of its three bytes
    [InlineData(5, "ab€")]
    [InlineData(6, "ab€c")]
    public void ABodyCutInsideACharacterKeepsOnlyWholeCharacters(int limit, string kept)
    {
        BodyCapture capture = BodyCapture.Of("ab€cd"u8, limit);

        Assert.Equal(kept, capture.Text);
        Assert.True(capture.Truncated);
        Assert.True(Encoding.UTF8.GetByteCount(capture.Text) <= limit);
    }

    [Theory]
    [InlineData(1, "")]
    [InlineData(3, "")] // three of its four bytes
    [InlineData(4, "😀")]
    [InlineData(5, "😀x")]
    public void AFourByteCharacterIsKeptWholeOrNotAtAll(int limit, string kept)
    {
        BodyCapture capture = BodyCapture.Of("😀xy"u8, limit);

        Assert.Equal(kept, capture.Text);
        Assert.True(capture.Truncated);
    }

    [Fact]
    public void ABodyWithinTheLimitIsKeptWholeAndNotTruncated()
    {
        BodyCapture capture = BodyCapture.Of("ab€cd"u8, 7);

        Assert.Equal("ab€cd", capture.Text);
        Assert.False(capture.Truncated);
    }

    [Fact]
    public void InvalidBytesBecomeReplacementCharacters()
    {
        BodyCapture capture = BodyCapture.Of([(byte)'a', 0xFF, (byte)'b', 0xC3], 10);

        Assert.Equal("a\uFFFDb\uFFFD", capture.Text);
    }

    [Fact]
    public void StrayContinuationBytesAtTheCutAreCutAtTheLimit()
    {
        // No lead byte before the continuation bytes: not UTF-8, so nothing to keep whole.
        BodyCapture capture = BodyCapture.Of([(byte)'a', 0x80, 0x80, 0x80, 0x80, 0x80], 3);

        Assert.Equal("a\uFFFD\uFFFD", capture.Text);
        Assert.True(capture.Truncated);
    }
}
