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
    public void LinesEndedByALoneCrAreCountedAsTheReaderReadsThem()
    {
        byte[] input = Encoding.UTF8.GetBytes("http://a/\rhttp://b/\r\r# comment\rhttp://c/\r\nhttp://d/\r");

        Assert.Equal(4, LineCounter.Count(new MemoryStream(input), new byte[3], CancellationToken.None));
    }

    [Fact]
    public void EveryLineIsCountedExactlyWhenTheParserGivesItARecord()
    {
        byte[][] lines =
        [
            "http://a/"u8.ToArray(),
            "\v"u8.ToArray(),
            "\f\t "u8.ToArray(),
            "\u0001# comment after a control"u8.ToArray(),
            "\vhttp://b/"u8.ToArray(),
            [(byte)'#', (byte)' ', 0xFF, 0xFE],
            [(byte)' ', 0xFF, (byte)'x'],
            "\u001Fnot a url"u8.ToArray(),
        ];
        int records = lines.Count(line => UrlLineParser.Parse(line, truncated: false, "list", 1) is not null);
        byte[] input = lines.SelectMany(line => line.Append((byte)'\n')).ToArray();

        Assert.Equal(4, records);
        Assert.Equal(records, LineCounter.Count(new MemoryStream(input), new byte[5], CancellationToken.None));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(64)]
    public void AByteOrderMarkAtTheStartIsSkippedAsTheReaderSkipsIt(int bufferSize)
    {
        byte[] commentFirst = Encoding.UTF8.GetBytes("\uFEFF# list\nhttp://a/\n");
        byte[] blankFirst = Encoding.UTF8.GetBytes("\uFEFF\nhttp://a/");
        byte[] halfAMark = [0xEF, 0xBB, (byte)'\n', (byte)'#', (byte)'\n'];

        Assert.Equal(1, LineCounter.Count(new MemoryStream(commentFirst), new byte[bufferSize], CancellationToken.None));
        Assert.Equal(1, LineCounter.Count(new MemoryStream(blankFirst), new byte[bufferSize], CancellationToken.None));
        Assert.Equal(1, LineCounter.Count(new MemoryStream(halfAMark), new byte[bufferSize], CancellationToken.None));
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
