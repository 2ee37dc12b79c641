using System.Text;
using WebFetch.Input;
using Xunit;

namespace WebFetch.Tests.Input;

public sealed class LineCounterTests
{
    [Fact]
    public void BlankAndCommentLinesAreNotCounted()
    {
        byte[] input = Encoding.UTF8.GetBytes("http://a/\n\n   \n# comment\n  # indented comment\r\n\r\nnot a url\n  http://b/\nhttp://c/");

        Assert.Equal(4, LineCounter.Count(new MemoryStream(input), new byte[7], CancellationToken.None));
    }

    [Fact]
    public void StdinHasNoTotal()
    {
        Assert.Null(LineCounter.CountRecordLines(["-"], CancellationToken.None));
    }

    [Fact]
    public void ADeviceHasNoTotal()
    {
        Assert.Null(LineCounter.CountRecordLines(["/dev/null"], CancellationToken.None));
    }
}
