using System.Text;
using WebFetch.Output;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Output;

public sealed class TextRecordWriterTests
{
    private const string Esc = "\u001b";

    private static readonly FetchResult Ok = new() { Url = "http://127.0.0.1/a", Status = 200, Length = 2048, ElapsedMs = 12, Title = "Home" };

    private static readonly FetchResult NotFound = new() { Url = "http://127.0.0.1/missing", Status = 404, Length = 41, ElapsedMs = 3456, Title = "Not found" };

    private static readonly FetchResult Refused = FetchResult.Failed("http://127.0.0.1:1/", ErrorKind.Connect, "connection refused by 127.0.0.1:1") with { ElapsedMs = 7 };

    [Fact]
    public void EachRecordIsOneLineInFixedColumns()
    {
        string[] lines = Write(color: false, terminal: false, Ok, NotFound, Refused).Split('\n');

        Assert.Equal(4, lines.Length);
        Assert.Equal("", lines[3]);
        Assert.Equal("200    12 ms   2.0 KiB  Home" + new string(' ', 36) + "  http://127.0.0.1/a", lines[0]);
        Assert.Equal("404  3456 ms      41 B  Not found" + new string(' ', 31) + "  http://127.0.0.1/missing", lines[1]);
        int url = lines[0].IndexOf("http://", StringComparison.Ordinal);
        Assert.All(lines[..3], line => Assert.Equal(url, line.IndexOf("http://", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnErrorLineSaysErrAndGivesTheKindAndMessageAfterTheUrl()
    {
        string line = TextRecordWriter.LineOf(Refused, color: false);

        Assert.StartsWith("ERR     7 ms         -  ", line, StringComparison.Ordinal);
        Assert.EndsWith("  http://127.0.0.1:1/  connect: connection refused by 127.0.0.1:1\n", line, StringComparison.Ordinal);
    }

    [Fact]
    public void WithColourTheStatusIsColouredByItsClassAndErrorsAreRed()
    {
        var redirect = Ok with { Status = 301 };
        var broken = Ok with { Status = 503 };

        Assert.StartsWith(Esc + "[32m200" + Esc + "[0m ", TextRecordWriter.LineOf(Ok, color: true), StringComparison.Ordinal);
        Assert.StartsWith(Esc + "[36m301" + Esc + "[0m ", TextRecordWriter.LineOf(redirect, color: true), StringComparison.Ordinal);
        Assert.StartsWith(Esc + "[33m404" + Esc + "[0m ", TextRecordWriter.LineOf(NotFound, color: true), StringComparison.Ordinal);
        Assert.StartsWith(Esc + "[31m503" + Esc + "[0m ", TextRecordWriter.LineOf(broken, color: true), StringComparison.Ordinal);
        string error = TextRecordWriter.LineOf(Refused, color: true);
        Assert.StartsWith(Esc + "[31mERR" + Esc + "[0m ", error, StringComparison.Ordinal);
        Assert.Contains(Esc + "[31mconnect: connection refused", error, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutColourNoLineHoldsAnEscape()
    {
        string text = Write(color: false, terminal: false, Ok, NotFound, Refused);

        Assert.DoesNotContain(Esc, text, StringComparison.Ordinal);
    }

    [Fact]
    public void AHostileTitleCannotSendATerminalEscapeOrReorderTheLine()
    {
        var hostile = Ok with { Title = "Hi\u001b]0;owned\u0007\u001b[2J\u202eevil\u009b", Url = "http://127.0.0.1/\u001b[31m" };

        string line = TextRecordWriter.LineOf(hostile, color: false);

        Assert.DoesNotContain(Esc, line, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202e", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\u009b", line, StringComparison.Ordinal);
        Assert.Contains(@"Hi\x1b]0;owned\x07\x1b[2J\u202eevil\x9b", line, StringComparison.Ordinal);
        Assert.Contains(@"http://127.0.0.1/\x1b[31m", line, StringComparison.Ordinal);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void ALongTitleIsCutToItsColumnAndWideCharactersCountTwice()
    {
        var longTitle = Ok with { Title = new string('x', 100) };
        var wide = Ok with { Title = new string('漢', 30) };

        string cut = TextRecordWriter.LineOf(longTitle, color: false);
        string wideCut = TextRecordWriter.LineOf(wide, color: false);

        Assert.Contains(new string('x', TextRecordWriter.TitleWidth - 1) + "…  http://", cut, StringComparison.Ordinal);
        Assert.Contains(new string('漢', 19) + "… " + "  http://", wideCut, StringComparison.Ordinal);
    }

    [Fact]
    public void OnATerminalEachLineFirstErasesTheProgressLine()
    {
        string text = Write(color: false, terminal: true, Ok, Refused);

        Assert.Equal(2, text.Split("\r" + Esc + "[K").Length - 1);
        Assert.StartsWith("\r" + Esc + "[K200 ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ARedirectShowsWhereItLed()
    {
        var moved = Ok with { Url = "http://127.0.0.1/old", FinalUrl = "http://127.0.0.1/new", Redirects = 1 };

        Assert.EndsWith("  http://127.0.0.1/old -> http://127.0.0.1/new\n", TextRecordWriter.LineOf(moved, color: false), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(150 * 1024, "150 KiB")]
    [InlineData(3L * 1024 * 1024 * 1024, "3.0 GiB")]
    public void SizesReadInBinaryUnits(long bytes, string shown) => Assert.Equal(shown, TextRecordWriter.Size(bytes));

    [Theory]
    [InlineData(0, "0 ms")]
    [InlineData(9999, "9999 ms")]
    [InlineData(12_345, "12.3 s")]
    [InlineData(2_000_000, "2000 s")]
    public void TimesReadInMillisecondsThenSeconds(long ms, string shown) => Assert.Equal(shown, TextRecordWriter.Time(ms));

    private static string Write(bool color, bool terminal, params FetchResult[] records)
    {
        var stream = new MemoryStream();
        using (var writer = new TextRecordWriter(stream, color, terminal))
        {
            foreach (FetchResult record in records)
            {
                writer.Write(record);
            }
            writer.Complete();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
