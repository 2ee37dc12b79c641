using System.Text;
using WebFetch.Output;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Output;

public sealed class CsvRecordWriterTests
{
    [Fact]
    public void TheHeaderComesBeforeTheFirstRecordOnly()
    {
        string csv = Write(new FetchResult { Url = "http://a/", Status = 200 }, new FetchResult { Url = "http://b/", Status = 404 });

        string[] rows = csv.Split("\r\n");
        Assert.Equal(string.Join(',', CsvRecordWriter.Columns), rows[0]);
        Assert.StartsWith("http://a/,,200,", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("http://b/,,404,", rows[2], StringComparison.Ordinal);
        Assert.Equal("", rows[3]);
    }

    [Fact]
    public void FieldsWithCommasQuotesAndLineBreaksAreQuotedWithQuotesDoubled()
    {
        string csv = Write(new FetchResult { Url = "http://a/", Title = "Fish, \"chips\"\nand peas", Description = "cr\rhere", Lang = "plain" });

        string row = csv.Split("\r\n", 2)[1];
        Assert.Contains(",\"Fish, \"\"chips\"\"\nand peas\",\"cr\rhere\",plain,", row, StringComparison.Ordinal);
    }

    [Fact]
    public void AnErrorFillsTheLastTwoColumnsAndNullsStayEmpty()
    {
        var record = FetchResult.Failed("http://x/", ErrorKind.Connect, "refused, twice");
        string row = Write(record).Split("\r\n")[1];

        Assert.Equal("http://x/,,,,,0,,,,,0,0,0,,0,connect,\"refused, twice\"", row);
    }

    [Fact]
    public void NoHeaderWhenAppendingAndNoByteOrderMark()
    {
        var stream = new MemoryStream();
        using (var writer = new CsvRecordWriter(stream, writeHeader: false))
        {
            writer.Write(new FetchResult { Url = "http://é/" });
            writer.Complete();
            Assert.Equal((byte)'h', stream.ToArray()[0]);
            Assert.StartsWith("http://é/,", Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LinksAndSelectionsGetColumnsOnlyWhenAskedFor()
    {
        var page = new FetchResult
        {
            Url = "http://a/",
            LinkUrls = ["http://a/x", "http://a/y%20z"],
            LinksTruncated = true,
            Select = new Dictionary<string, IReadOnlyList<string>> { ["h"] = ["One", "Two, three"], ["img"] = [] },
        };
        var notHtml = new FetchResult { Url = "http://a/data.json" };

        string[] rows = Write(["h", "img"], links: true, page, notHtml).Split("\r\n");
        string[] plain = Write(page).Split("\r\n");

        Assert.EndsWith(",error_kind,error_message,link_urls,links_truncated,select.h,select.img", rows[0], StringComparison.Ordinal);
        Assert.EndsWith(",http://a/x http://a/y%20z,true,\"One\nTwo, three\",", rows[1], StringComparison.Ordinal);
        Assert.EndsWith(",,,,", rows[2], StringComparison.Ordinal);
        Assert.Equal(string.Join(',', CsvRecordWriter.Columns), plain[0]);
        Assert.Equal(CsvRecordWriter.Columns.Count, plain[1].Split(',').Length);
    }

    private static string Write(params FetchResult[] records) => Write([], links: false, records);

    private static string Write(IReadOnlyList<string> selections, bool links, params FetchResult[] records)
    {
        var stream = new MemoryStream();
        using (var writer = new CsvRecordWriter(stream, writeHeader: true, selections, links))
        {
            foreach (FetchResult record in records)
            {
                writer.Write(record);
            }
            writer.Complete();
            byte[] bytes = stream.ToArray();
            Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
            return Encoding.UTF8.GetString(bytes);
        }
    }
}
