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

        Assert.Equal("http://x/,,,,0,,,,,0,0,0,,0,connect,\"refused, twice\"", row);
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

    private static string Write(params FetchResult[] records)
    {
        var stream = new MemoryStream();
        using (var writer = new CsvRecordWriter(stream, writeHeader: true))
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
