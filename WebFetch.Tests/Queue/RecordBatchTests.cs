using System.Text;
using System.Text.Json;
using WebFetch.Protocol;
using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class RecordBatchTests
{
    private static byte[] Json(FetchResult record) => JsonSerializer.SerializeToUtf8Bytes(record, ProtocolJson.Compact.FetchResult);

    private static List<(JobKey Key, ReadOnlyMemory<byte> Record)> Read(string? header, string body)
    {
        var records = new List<(JobKey, ReadOnlyMemory<byte>)>();
        return RecordBatch.TryRead(header, Encoding.UTF8.GetBytes(body), records) ? records : [];
    }

    [Fact]
    public void RecordsWrittenInABatchAreReadBackWithTheirKeysInOrder()
    {
        var batch = new RecordBatch("run1");
        FetchResult[] records =
        [
            new() { Url = "https://a.test/", Status = 200, Title = "line\nbreak and \"quotes\"" },
            new() { Url = "https://a.test/b", Status = 404 },
            new() { Url = "https://a.test/c", Error = new FetchError(ErrorKind.Dns, "no such host") },
        ];
        string[] keys = ["0:1", "0:7", "1:3"];
        for (int i = 0; i < records.Length; i++)
        {
            batch.Add(keys[i], Json(records[i]));
        }

        var read = new List<(JobKey Key, ReadOnlyMemory<byte> Record)>();
        Assert.True(RecordBatch.TryRead(batch.Header, batch.Body, read));

        Assert.Equal("0:1 0:7 1:3", batch.Header);
        Assert.Equal([new JobKey(0, 1), new JobKey(0, 7), new JobKey(1, 3)], read.Select(r => r.Key));
        Assert.Equal(records, read.Select(r => JsonSerializer.Deserialize(r.Record.Span, ProtocolJson.Compact.FetchResult)));
    }

    [Fact]
    public void AMessageOfOneRecordIsOneKeyAndOneLine()
    {
        var read = Read("2:5", """{"url":"https://a.test/","status":200}""");

        Assert.Equal(new JobKey(2, 5), Assert.Single(read).Key);
    }

    [Theory]
    [InlineData(null, "{}")]
    [InlineData("", "{}")]
    [InlineData("0:1", "")]
    [InlineData("0:1 0:2", "{}")]
    [InlineData("0:1", "{}\n{}")]
    [InlineData("0:1 0:2", "{}\n")]
    [InlineData("0:1 0:2", "{}\n\n{}")]
    [InlineData("0:1 x", "{}\n{}")]
    [InlineData("0:1  0:2", "{}\n{}")]
    public void AMessageWhoseKeysAndLinesDoNotMatchIsNotReadAtAll(string? header, string body)
    {
        var records = new List<(JobKey, ReadOnlyMemory<byte>)> { (new JobKey(9, 9), new byte[] { 1 }) };

        Assert.False(RecordBatch.TryRead(header, Encoding.UTF8.GetBytes(body), records));
        Assert.Single(records); // what was there before, nothing of this message
    }

    [Fact]
    public void ABatchTakesARecordOnlyWhileItStaysWithinTheLimitButAlwaysItsFirst()
    {
        var batch = new RecordBatch("run1");
        Assert.True(batch.Fits("0:1", 5_000, 1_000)); // alone, any record goes (it is cut to fit a message on its own)
        batch.Add("0:1", new byte[100]);

        Assert.Equal(103, batch.Size);
        Assert.True(batch.Fits("0:2", 92, 200)); // 103 + a newline + 92 + a space + 3 = 200
        Assert.False(batch.Fits("0:2", 93, 200));
    }
}
