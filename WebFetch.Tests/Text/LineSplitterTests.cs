using System.Text;
using WebFetch.Text;
using Xunit;

namespace WebFetch.Tests.Text;

public sealed class LineSplitterTests
{
    /// <summary>Feeds <paramref name="reads"/> one read each and collects the lines, the last one (without a line end) marked with a trailing "$".</summary>
    private static List<(string Line, bool Truncated)> Split(LineSplitter splitter, params string[] reads)
    {
        var lines = new List<(string, bool)>();
        foreach (string read in reads)
        {
            Feed(splitter, read);
            while (splitter.TryReadLine(out ReadOnlySpan<byte> line))
            {
                lines.Add((Encoding.UTF8.GetString(line), splitter.Truncated));
            }
        }
        if (splitter.TryReadLast(out ReadOnlySpan<byte> last))
        {
            lines.Add((Encoding.UTF8.GetString(last) + "$", splitter.Truncated));
        }
        return lines;
    }

    /// <summary>One read of <paramref name="text"/>.</summary>
    private static void Feed(LineSplitter splitter, string text) => splitter.Take(Encoding.UTF8.GetBytes(text, splitter.Chunk.Span));

    private static string[] Lines(LineEnds ends, params string[] reads)
    {
        using var splitter = new LineSplitter(1000, ends, chunkBytes: 64);
        return [.. Split(splitter, reads).Select(l => l.Line)];
    }

    [Fact]
    public void OnlyLfEndsALineWhenLfIsTheLineEndAndACrStaysInTheLine()
    {
        Assert.Equal(["a\r", "b\rc"], Lines(LineEnds.Lf, "a\r\nb\rc\n"));
    }

    [Fact]
    public void LfCrlfAndALoneCrEachEndOneLineWhenAnyNewlineEndsOne()
    {
        Assert.Equal(["a", "b", "c", "", "d"], Lines(LineEnds.AnyNewline, "a\nb\r\nc\r\rd\n"));
    }

    [Fact]
    public void ACrlfSplitAcrossReadsEndsOneLineNotTwo()
    {
        Assert.Equal(["a", "b"], Lines(LineEnds.AnyNewline, "a\r", "\nb\n"));
        Assert.Equal(["a", "", "b"], Lines(LineEnds.AnyNewline, "a\r", "\r", "\nb\n"));
    }

    [Fact]
    public void ALineSplitAcrossReadsComesWhole()
    {
        Assert.Equal(["one line", "next"], Lines(LineEnds.Lf, "one", " li", "ne\nne", "xt\n"));
    }

    [Fact]
    public void ALastLineWithoutALineEndComesAtTheEndOfTheInput()
    {
        Assert.Equal(["a", "b$"], Lines(LineEnds.Lf, "a\nb"));
        Assert.Equal(["a", "bc$"], Lines(LineEnds.AnyNewline, "a\rb", "c"));
    }

    [Fact]
    public void AnInputThatEndsWithALineEndHasNoLastLine()
    {
        Assert.Equal(["a"], Lines(LineEnds.Lf, "a\n"));
        Assert.Equal(["a"], Lines(LineEnds.AnyNewline, "a\r"));
        Assert.Empty(Lines(LineEnds.Lf));
        Assert.Empty(Lines(LineEnds.Lf, ""));
    }

    [Fact]
    public void EmptyLinesAreLines()
    {
        Assert.Equal(["", "", "x"], Lines(LineEnds.Lf, "\n\nx\n"));
    }

    [Fact]
    public void ALineOverTheBoundIsCutToTheBoundAndSaysSo()
    {
        using var splitter = new LineSplitter(4, LineEnds.AnyNewline, chunkBytes: 64);

        Assert.Equal(
            [("abcd", true), ("ok", false), ("wxyz", true), ("1234", false), ("5678$", true)],
            Split(splitter, "abcdef\nok\nwx", "yz", "...\r\n1234\n56", "789"));
    }

    [Fact]
    public void AnUnfinishedLineOverTheBoundIsSeenBeforeItsLineEndComes()
    {
        using var splitter = new LineSplitter(4, LineEnds.Lf, chunkBytes: 64);
        Feed(splitter, "abc");
        Assert.False(splitter.TryReadLine(out _));
        Assert.Equal(3, splitter.PendingLength);
        Assert.False(splitter.PendingTruncated);

        Feed(splitter, "defgh");
        Assert.False(splitter.TryReadLine(out _));

        Assert.True(splitter.PendingTruncated);
        Assert.Equal(4, splitter.PendingLength);
    }

    [Fact]
    public void ALineLongerThanTheFirstBufferGrowsItAndComesWhole()
    {
        string longLine = new('x', 20_000);
        string[] reads = [.. longLine.Chunk(64).Select(c => new string(c)), "\nend"];
        using var splitter = new LineSplitter(int.MaxValue, LineEnds.Lf, chunkBytes: 64);

        Assert.Equal([(longLine, false), ("end$", false)], Split(splitter, reads));
    }

    [Fact]
    public void TheStartOfTheUnfinishedLineIsItsOffsetInTheInput()
    {
        using var splitter = new LineSplitter(100, LineEnds.AnyNewline, chunkBytes: 64);
        Feed(splitter, "ab\r\ncd\r");
        while (splitter.TryReadLine(out _))
        {
        }
        Assert.Equal(7, splitter.LineStart);

        Feed(splitter, "\nef");
        Assert.False(splitter.TryReadLine(out _));

        Assert.Equal(8, splitter.LineStart);
        Assert.Equal(2, splitter.PendingLength);
    }

    [Fact]
    public void AChunkReadFullWithoutALineEndIsFollowedByALargerOneUpToTheLargest()
    {
        using var splitter = new LineSplitter(100_000, LineEnds.Lf, chunkBytes: 4096, maxChunkBytes: 10_000);
        var sizes = new List<int>();
        for (int read = 0; read < 4; read++)
        {
            sizes.Add(splitter.Chunk.Length);
            splitter.Chunk.Span.Fill((byte)'x');
            splitter.Take(splitter.Chunk.Length);
            Assert.False(splitter.TryReadLine(out _));
        }
        Feed(splitter, "\n");
        Assert.True(splitter.TryReadLine(out ReadOnlySpan<byte> line));

        Assert.Equal(sizes.Sum(), line.Length);
        Assert.Equal(4096, sizes[0]);
        Assert.Equal(8192, sizes[1]);
        Assert.All(sizes.Skip(2), size => Assert.InRange(size, 10_000, 16_384));
    }

    [Fact]
    public void ANewReadBeforeTheLinesOfTheLastAreTakenIsRefused()
    {
        using var splitter = new LineSplitter(100, LineEnds.Lf, chunkBytes: 64);
        Feed(splitter, "a\nb\n");
        Assert.True(splitter.TryReadLine(out _));

        Assert.Throws<InvalidOperationException>(() => splitter.Take(1));
    }
}
