using System.Text;
using WebFetch.Output;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Output;

public sealed class FilteredRecordWriterTests
{
    private static readonly FetchResult[] Records =
    [
        new() { Url = "http://127.0.0.1/ok", Status = 200 },
        new() { Url = "http://127.0.0.1/gone", Status = 404 },
        FetchResult.Failed("http://127.0.0.1:1/", ErrorKind.Connect, "refused"),
        FetchResult.Failed("http://127.0.0.1:2/", ErrorKind.Timeout, "too slow"),
    ];

    [Theory]
    [InlineData(nameof(RecordFilter.OnlyFailed), new[] { "http://127.0.0.1:1/", "http://127.0.0.1:2/" }, 2)]
    [InlineData(nameof(RecordFilter.OnlyOk), new[] { "http://127.0.0.1/ok", "http://127.0.0.1/gone" }, 2)]
    public void OnlyTheAskedForRecordsAreWrittenAndTheOthersCounted(string filter, string[] written, long leftOut)
    {
        var stream = new MemoryStream();
        using (var writer = new FilteredRecordWriter(new RecordWriter(stream), Enum.Parse<RecordFilter>(filter)))
        {
            foreach (FetchResult record in Records)
            {
                writer.Write(record);
            }
            writer.Complete();
            Assert.Equal(leftOut, writer.LeftOut);
        }

        string[] lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(written, lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("url").GetString()));
    }

    [Fact]
    public void TheSummaryAdditionNamesTheCountAndTheOption()
    {
        Assert.Equal("; 12 records not written (--only-failed)", RunStatistics.NotWritten(12, "--only-failed"));
        Assert.Equal("; 1 record not written (--only-ok)", RunStatistics.NotWritten(1, "--only-ok"));
    }
}
