using System.Runtime.Versioning;
using System.Text;
using WebFetch.Input;
using Xunit;

namespace WebFetch.Tests.Input;

[SupportedOSPlatform("linux")]
public sealed class InputReaderTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(5));
    private readonly List<string> _tempFiles = [];

    public void Dispose()
    {
        foreach (string path in _tempFiles)
        {
            File.Delete(path);
        }
        _timeout.Dispose();
    }

    [Fact(Timeout = 10000)]
    public async Task CrlfLineEndingsAreStripped()
    {
        List<InputLine> lines = await ReadAsync("http://a.test/\r\nhttps://b.test/x\r\n");

        Assert.Equal(["http://a.test/", "https://b.test/x"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.True(l.IsValid));
        Assert.Equal([1L, 2L], lines.Select(l => l.LineNumber));
    }

    [Fact(Timeout = 10000)]
    public async Task ALoneCrEndsALineAsOldMacEditorsWrite()
    {
        List<InputLine> lines = await ReadAsync("http://a.test/\rhttp://b.test/\r\rhttp://c.test/\r\nhttp://d.test/\r");

        Assert.Equal(["http://a.test/", "http://b.test/", "http://c.test/", "http://d.test/"], lines.Select(l => l.Text));
        Assert.Equal([1L, 2L, 4L, 5L], lines.Select(l => l.LineNumber));
    }

    [Theory(Timeout = 10000)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(15)]
    [InlineData(16)]
    public async Task ACrlfSplitAcrossReadsIsOneLineEnd(int chunkSize)
    {
        byte[] bytes = Encoding.UTF8.GetBytes("http://a.test/\r\nhttp://b.test/\rhttp://c.test/\n");
        var lines = new List<InputLine>();

        await foreach (InputLine line in InputReader.ReadAsync(new TrickleStream(bytes, chunkSize), "input.txt", _timeout.Token))
        {
            lines.Add(line);
        }

        Assert.Equal(["http://a.test/", "http://b.test/", "http://c.test/"], lines.Select(l => l.Text));
        Assert.Equal([1L, 2L, 3L], lines.Select(l => l.LineNumber));
    }

    [Fact(Timeout = 10000)]
    public async Task AByteOrderMarkAtTheStartIsNotPartOfTheFirstLine()
    {
        List<InputLine> url = await ReadAsync("\uFEFFhttp://a.test/\n\uFEFFhttp://b.test/\n");
        List<InputLine> comment = await ReadAsync("\uFEFF# a list saved by a Windows editor\nhttp://a.test/");

        Assert.Equal("http://a.test/", url[0].Text);
        Assert.True(url[0].IsValid);
        Assert.False(url[1].IsValid); // only the start of the input may carry the mark
        Assert.Equal("http://a.test/", Assert.Single(comment).Text);
        Assert.Equal(2, comment[0].LineNumber);
    }

    [Fact(Timeout = 10000)]
    public async Task EachLineKnowsWhichOfTheInputsItCameFrom()
    {
        string first = TempFile("http://a.test/\nhttp://b.test/\n");
        string second = TempFile("http://c.test/\n");
        var lines = new List<InputLine>();

        await foreach (InputLine line in InputReader.ReadAsync([first, "-", second], () => new MemoryStream("http://s.test/\n"u8.ToArray()), _timeout.Token))
        {
            lines.Add(line);
        }

        Assert.Equal(["0:1", "0:2", "1:1", "2:1"], lines.Select(l => $"{l.FileIndex}:{l.LineNumber}"));
    }

    [Fact(Timeout = 10000)]
    public async Task LastLineWithoutNewlineIsRead()
    {
        List<InputLine> lines = await ReadAsync("http://a.test/\nhttp://b.test/");

        Assert.Equal(["http://a.test/", "http://b.test/"], lines.Select(l => l.Text));
        Assert.Equal(2, lines[1].LineNumber);
    }

    [Fact(Timeout = 10000)]
    public async Task EmptyInputGivesNoLines()
    {
        Assert.Empty(await ReadAsync(""));
    }

    [Fact(Timeout = 10000)]
    public async Task CommentsAndBlankLinesAreSkippedButCounted()
    {
        List<InputLine> lines = await ReadAsync("# header\n\n   \nhttp://a.test/\n  # indented\r\n\nhttp://b.test/\n\n");

        Assert.Equal(["http://a.test/", "http://b.test/"], lines.Select(l => l.Text));
        Assert.Equal([4L, 7L], lines.Select(l => l.LineNumber));
        Assert.All(lines, l => Assert.Equal("input.txt", l.Source));
    }

    [Fact(Timeout = 10000)]
    public async Task InvalidLinesAreReportedInPlace()
    {
        List<InputLine> lines = await ReadAsync("http://a.test/\nnot a url\nftp://x\nhttp://b.test/\n");

        Assert.Equal([true, false, false, true], lines.Select(l => l.IsValid));
        Assert.Equal(["http://a.test/", "not a url", "ftp://x", "http://b.test/"], lines.Select(l => l.Text));
        Assert.Equal([1L, 2L, 3L, 4L], lines.Select(l => l.LineNumber));
    }

    [Fact(Timeout = 10000)]
    public async Task HundredKilobyteLineDoesNotSwallowTheFollowingLines()
    {
        string huge = "http://huge.test/" + new string('a', 100 * 1024);
        List<InputLine> lines = await ReadAsync($"http://a.test/\n{huge}\nhttp://b.test/\n# c\nhttp://d.test/");

        Assert.Equal(4, lines.Count);
        Assert.Equal([1L, 2L, 3L, 5L], lines.Select(l => l.LineNumber));
        Assert.Equal([true, false, true, true], lines.Select(l => l.IsValid));
        Assert.Equal("http://b.test/", lines[2].Text);
        Assert.Equal("http://d.test/", lines[3].Text);
        InputLine tooLong = lines[1];
        Assert.Contains("longer than", tooLong.Problem, StringComparison.Ordinal);
        Assert.True(tooLong.Text.Length <= UrlLineParser.MaxEchoChars + 1, $"echo is {tooLong.Text.Length} chars");
        Assert.StartsWith("http://huge.test/aaa", tooLong.Text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10000)]
    public async Task HundredKilobyteLastLineWithoutNewlineIsReportedTooLong()
    {
        List<InputLine> lines = await ReadAsync("http://a.test/\nhttp://huge.test/" + new string('a', 100 * 1024));

        Assert.Equal(2, lines.Count);
        Assert.False(lines[1].IsValid);
        Assert.Equal(2, lines[1].LineNumber);
    }

    [Fact(Timeout = 10000)]
    public async Task LineOfExactlyMaxBytesIsAccepted()
    {
        string url = "http://a.test/" + new string('a', UrlLineParser.MaxUrlBytes - "http://a.test/".Length);

        List<InputLine> lines = await ReadAsync(url + "\nhttp://b.test/\n");

        Assert.Equal([true, true], lines.Select(l => l.IsValid));
        Assert.Equal(url, lines[0].Text);
    }

    [Fact(Timeout = 10000)]
    public async Task LineOfExactlyMaxBytesWithCrlfIsAccepted()
    {
        string url = "http://a.test/" + new string('a', UrlLineParser.MaxUrlBytes - "http://a.test/".Length);

        List<InputLine> lines = await ReadAsync(url + "\r\nhttp://b.test/\r\n");

        Assert.Equal([true, true], lines.Select(l => l.IsValid));
        Assert.Equal(url, lines[0].Text);
    }

    [Fact(Timeout = 10000)]
    public async Task LinesSplitAcrossReadsAreJoined()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("http://a.test/one\r\n# skip\nhttps://b.test/two\n");
        var lines = new List<InputLine>();

        await foreach (InputLine line in InputReader.ReadAsync(new TrickleStream(bytes, 3), "input.txt", _timeout.Token))
        {
            lines.Add(line);
        }

        Assert.Equal(["http://a.test/one", "https://b.test/two"], lines.Select(l => l.Text));
        Assert.Equal([1L, 3L], lines.Select(l => l.LineNumber));
    }

    [Fact(Timeout = 10000)]
    public async Task InvalidUtf8LineIsReportedAndReadingGoesOn()
    {
        byte[] bytes = [.. "http://a.test/"u8, 0xFF, (byte)'\n', .. "http://b.test/\n"u8];
        var lines = new List<InputLine>();
        using var stream = new MemoryStream(bytes);

        await foreach (InputLine line in InputReader.ReadAsync(stream, "input.txt", _timeout.Token))
        {
            lines.Add(line);
        }

        Assert.Equal(2, lines.Count);
        Assert.False(lines[0].IsValid);
        Assert.Contains("not valid UTF-8", lines[0].Problem, StringComparison.Ordinal);
        Assert.True(lines[1].IsValid);
        Assert.Equal(2, lines[1].LineNumber);
    }

    [Fact(Timeout = 10000)]
    public async Task LongCommentLineIsSkipped()
    {
        List<InputLine> lines = await ReadAsync("# " + new string('x', 100 * 1024) + "\nhttp://a.test/\n");

        InputLine only = Assert.Single(lines);
        Assert.Equal("http://a.test/", only.Text);
        Assert.Equal(2, only.LineNumber);
    }

    [Fact(Timeout = 10000)]
    public async Task FilesAndStdinAreReadInOrder()
    {
        string first = TempFile("http://one.test/\n# comment\nhttp://two.test/\n");
        string second = TempFile("http://four.test/");
        int stdinOpened = 0;
        Func<Stream> openStdin = () =>
        {
            stdinOpened++;
            return new MemoryStream(Encoding.UTF8.GetBytes("\nhttp://three.test/\n"));
        };

        var lines = new List<InputLine>();
        await foreach (InputLine line in InputReader.ReadAsync([first, "-", second], openStdin, _timeout.Token))
        {
            lines.Add(line);
        }

        Assert.Equal(1, stdinOpened);
        Assert.Equal(["http://one.test/", "http://two.test/", "http://three.test/", "http://four.test/"], lines.Select(l => l.Text));
        Assert.Equal([first, first, "stdin", second], lines.Select(l => l.Source));
        Assert.Equal([1L, 3L, 2L, 1L], lines.Select(l => l.LineNumber));
    }

    [Fact(Timeout = 10000)]
    public async Task MissingFileIsAnInputException()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"webfetch-missing-{Guid.NewGuid():N}.txt");

        InputException error = await Assert.ThrowsAsync<InputException>(async () =>
        {
            await foreach (InputLine line in InputReader.ReadAsync([missing], () => Stream.Null, _timeout.Token))
            {
                Assert.Fail($"unexpected line {line.Text}");
            }
        });
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    private async Task<List<InputLine>> ReadAsync(string text)
    {
        var lines = new List<InputLine>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await foreach (InputLine line in InputReader.ReadAsync(stream, "input.txt", _timeout.Token))
        {
            lines.Add(line);
        }
        return lines;
    }

    private string TempFile(string contents)
    {
        string path = Path.Combine(Path.GetTempPath(), $"webfetch-test-{Guid.NewGuid():N}.txt");
        _tempFiles.Add(path);
        File.WriteAllText(path, contents);
        return path;
    }
}
