using System.IO.Pipelines;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Protocol;

[SupportedOSPlatform("linux")]
public sealed class LineProtocolTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(5));

    public void Dispose() => _timeout.Dispose();

    private CancellationToken Deadline() => _timeout.Token;

    [Theory(Timeout = 10000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RequestSurvivesAWriteThenReadRoundTrip(bool solo)
    {
        CancellationToken ct = Deadline();
        var pipe = new Pipe();
        await using Stream writer = pipe.Writer.AsStream();
        await using Stream reader = pipe.Reader.AsStream();
        var sent = new FetchRequest(42, "https://example.test/a?b=c&d=<e>", solo);

        await LineProtocol.WriteAsync(writer, sent, ProtocolJson.Compact.FetchRequest, ct);
        FetchRequest? received = await LineProtocol.ReadAsync(reader, ProtocolJson.Compact.FetchRequest, LineProtocol.MaxRequestBytes, ct);

        Assert.Equal(sent, received);
    }

    [Fact(Timeout = 10000)]
    public async Task ResultSurvivesAWriteThenReadRoundTrip()
    {
        CancellationToken ct = Deadline();
        var pipe = new Pipe();
        await using Stream writer = pipe.Writer.AsStream();
        await using Stream reader = pipe.Reader.AsStream();
        FetchResult sent = FullResult();

        await LineProtocol.WriteAsync(writer, sent, ProtocolJson.Compact.FetchResult, ct);
        FetchResult? received = await LineProtocol.ReadAsync(reader, ProtocolJson.Compact.FetchResult, LineProtocol.MaxResultBytes, ct);

        Assert.NotNull(received);
        Assert.Equal(sent.Url, received.Url);
        Assert.Equal(sent.FinalUrl, received.FinalUrl);
        Assert.Equal(sent.Status, received.Status);
        Assert.Equal(sent.ContentType, received.ContentType);
        Assert.Equal(sent.Length, received.Length);
        Assert.Equal(sent.Title, received.Title);
        Assert.Equal(sent.Description, received.Description);
        Assert.Equal(sent.Lang, received.Lang);
        Assert.Equal(sent.Canonical, received.Canonical);
        Assert.Equal(sent.Links, received.Links);
        Assert.Equal(sent.Redirects, received.Redirects);
        Assert.Equal(sent.ElapsedMs, received.ElapsedMs);
        Assert.Equal(sent.Worker, received.Worker);
        Assert.Equal(sent.Attempts, received.Attempts);
        Assert.Equal(sent.Error, received.Error);
    }

    [Fact(Timeout = 10000)]
    public async Task FailedResultWithNullsSurvivesAWriteThenReadRoundTrip()
    {
        CancellationToken ct = Deadline();
        var pipe = new Pipe();
        await using Stream writer = pipe.Writer.AsStream();
        await using Stream reader = pipe.Reader.AsStream();
        FetchResult sent = FetchResult.Failed("http://nowhere.test/", ErrorKind.Dns, "Name or service not known");

        await LineProtocol.WriteAsync(writer, sent, ProtocolJson.Compact.FetchResult, ct);
        FetchResult? received = await LineProtocol.ReadAsync(reader, ProtocolJson.Compact.FetchResult, LineProtocol.MaxResultBytes, ct);

        Assert.NotNull(received);
        Assert.Equal("http://nowhere.test/", received.Url);
        Assert.Null(received.FinalUrl);
        Assert.Null(received.Status);
        Assert.Null(received.Title);
        Assert.Null(received.Worker);
        Assert.Equal(new FetchError(ErrorKind.Dns, "Name or service not known"), received.Error);
    }

    [Fact(Timeout = 10000)]
    public async Task WrittenMessageIsOneLineEndingInNewline()
    {
        using var stream = new MemoryStream();

        await LineProtocol.WriteAsync(stream, FullResult(), ProtocolJson.Compact.FetchResult, Deadline());

        byte[] bytes = stream.ToArray();
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.Equal(1, bytes.Count(b => b == (byte)'\n'));
    }

    [Fact(Timeout = 10000)]
    public async Task AnAnswerAboveTheLimitLosesItsSelectionsAndSaysWhyInsteadOfBeingRefused()
    {
        // 16 selections of 50 values of 1,024 control characters: escaped, six bytes each
        FetchResult huge = FullResult() with
        {
            Select = Enumerable.Range(0, 16).ToDictionary(i => $"s{i}", IReadOnlyList<string> (_) => [.. Enumerable.Repeat(new string('\u0001', 1024), 50)]),
            LinkUrls = ["https://example.test/a"],
        };
        FetchResult normal = FullResult() with { Select = new Dictionary<string, IReadOnlyList<string>> { ["h"] = ["One"] } };

        ReadOnlyMemory<byte> line = LineProtocol.EncodeResult(huge);
        using var stream = new MemoryStream(line.ToArray());
        FetchResult? received = await LineProtocol.ReadAsync(stream, ProtocolJson.Compact.FetchResult, LineProtocol.MaxResultBytes, Deadline());

        Assert.NotNull(received);
        Assert.Equal(ErrorKind.TooLarge, received.Error?.Kind);
        Assert.Contains("selections and link URLs", received.Error!.Message, StringComparison.Ordinal);
        Assert.Null(received.Select);
        Assert.Null(received.LinkUrls);
        Assert.Equal("Café & <friends>", received.Title);
        Assert.Equal(200, received.Status);
        Assert.Equal(
            LineProtocol.Encode(normal, ProtocolJson.Compact.FetchResult).ToArray(),
            LineProtocol.EncodeResult(normal).ToArray());
    }

    [Fact]
    public void AnAnswerCutToTheLimitIsANewRecordAndTheAnswerGivenStaysWhole()
    {
        // 5,000 link URLs of 1,000 characters: above the limit of a line
        var answer = new FetchResult
        {
            Url = "https://example.test/",
            Status = 200,
            LinkUrls = [.. Enumerable.Range(0, 5000).Select(i => $"https://example.test/{i}/{new string('a', 980)}")],
            LinksTruncated = true,
        };

        ReadOnlyMemory<byte> line = LineProtocol.EncodeResult(answer);

        Assert.InRange(line.Length, 1, LineProtocol.MaxResultBytes + 1);
        Assert.Equal(5000, answer.LinkUrls!.Count);
        Assert.True(answer.LinksTruncated);
        Assert.Null(answer.Error);
    }

    [Fact(Timeout = 10000)]
    public async Task ReadReturnsNullWhenThePeerClosesBeforeSendingAnything()
    {
        var pipe = new Pipe();
        await using Stream reader = pipe.Reader.AsStream();
        await pipe.Writer.CompleteAsync();

        FetchRequest? received = await LineProtocol.ReadAsync(reader, ProtocolJson.Compact.FetchRequest, LineProtocol.MaxRequestBytes, Deadline());

        Assert.Null(received);
    }

    [Fact(Timeout = 10000)]
    public async Task ReadLineReturnsNullOnAnEmptyStream()
    {
        using var stream = new MemoryStream();

        byte[]? line = await LineProtocol.ReadLineAsync(stream, 64, Deadline());

        Assert.Null(line);
    }

    [Fact(Timeout = 10000)]
    public async Task EndOfStreamInTheMiddleOfALineIsAProtocolError()
    {
        var pipe = new Pipe();
        await using Stream reader = pipe.Reader.AsStream();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":1,\"url\":\"http://a.test/\"}"));
        await pipe.Writer.CompleteAsync();

        await Assert.ThrowsAsync<ProtocolException>(() =>
            LineProtocol.ReadAsync(reader, ProtocolJson.Compact.FetchRequest, LineProtocol.MaxRequestBytes, Deadline()));
    }

    [Fact(Timeout = 10000)]
    public async Task EmptyLineIsAProtocolError()
    {
        using var stream = new MemoryStream("\n"u8.ToArray());

        await Assert.ThrowsAsync<ProtocolException>(() =>
            LineProtocol.ReadAsync(stream, ProtocolJson.Compact.FetchRequest, LineProtocol.MaxRequestBytes, Deadline()));
    }

    [Fact(Timeout = 10000)]
    public async Task InvalidJsonIsAProtocolError()
    {
        using var stream = new MemoryStream("{\"id\": 1, \"url\": \n"u8.ToArray());

        await Assert.ThrowsAsync<ProtocolException>(() =>
            LineProtocol.ReadAsync(stream, ProtocolJson.Compact.FetchRequest, LineProtocol.MaxRequestBytes, Deadline()));
    }

    [Fact(Timeout = 10000)]
    public async Task JsonNullIsAProtocolError()
    {
        using var stream = new MemoryStream("null\n"u8.ToArray());

        await Assert.ThrowsAsync<ProtocolException>(() =>
            LineProtocol.ReadAsync(stream, ProtocolJson.Compact.FetchRequest, LineProtocol.MaxRequestBytes, Deadline()));
    }

    [Fact(Timeout = 10000)]
    public async Task ResultWithoutUrlIsAProtocolError()
    {
        using var stream = new MemoryStream("{\"status\":200}\n"u8.ToArray());

        await Assert.ThrowsAsync<ProtocolException>(() =>
            LineProtocol.ReadAsync(stream, ProtocolJson.Compact.FetchResult, LineProtocol.MaxResultBytes, Deadline()));
    }

    [Fact(Timeout = 10000)]
    public async Task LineOfExactlyMaxBytesIsAccepted()
    {
        byte[] bytes = [.. Enumerable.Repeat((byte)'a', 100), (byte)'\n'];
        using var stream = new MemoryStream(bytes);

        byte[]? line = await LineProtocol.ReadLineAsync(stream, 100, Deadline());

        Assert.NotNull(line);
        Assert.Equal(100, line.Length);
    }

    [Fact(Timeout = 10000)]
    public async Task LineOneByteOverMaxBytesIsAProtocolError()
    {
        byte[] bytes = [.. Enumerable.Repeat((byte)'a', 101), (byte)'\n'];
        using var stream = new MemoryStream(bytes);

        await Assert.ThrowsAsync<ProtocolException>(() => LineProtocol.ReadLineAsync(stream, 100, Deadline()));
    }

    [Fact(Timeout = 10000)]
    public async Task LongLineWithNewlineIsAProtocolError()
    {
        const int MaxBytes = 64 * 1024;
        byte[] bytes = [.. Enumerable.Repeat((byte)'a', 200 * 1024), (byte)'\n'];
        using var stream = new MemoryStream(bytes);

        ProtocolException error = await Assert.ThrowsAsync<ProtocolException>(() => LineProtocol.ReadLineAsync(stream, MaxBytes, Deadline()));
        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10000)]
    public async Task PeerSendingAMegabyteWithoutNewlineIsAProtocolError()
    {
        const int MaxBytes = 64 * 1024;
        CancellationToken ct = Deadline();
        var pipe = new Pipe();
        await using Stream reader = pipe.Reader.AsStream();
        Task sending = Task.Run(async () =>
        {
            byte[] chunk = Enumerable.Repeat((byte)'x', 16 * 1024).ToArray();
            try
            {
                for (int sent = 0; sent < 1024 * 1024; sent += chunk.Length)
                {
                    FlushResult flushed = await pipe.Writer.WriteAsync(chunk, ct);
                    if (flushed.IsCompleted)
                    {
                        return;
                    }
                }
            }
            finally
            {
                await pipe.Writer.CompleteAsync();
            }
        }, ct);

        await Assert.ThrowsAsync<ProtocolException>(() =>
            LineProtocol.ReadAsync(reader, ProtocolJson.Compact.FetchRequest, MaxBytes, ct));

        await pipe.Reader.CompleteAsync();
        await sending;
    }

    [Fact(Timeout = 10000)]
    public async Task PeerThatNeverSendsANewlineIsCutOffNearMaxBytes()
    {
        const int MaxBytes = 64 * 1024;
        var stream = new EndlessStream((byte)'x');

        await Assert.ThrowsAsync<ProtocolException>(() => LineProtocol.ReadLineAsync(stream, MaxBytes, Deadline()));

        Assert.InRange(stream.BytesRead, MaxBytes + 1, 2L * MaxBytes);
    }

    [Fact(Timeout = 10000)]
    public async Task ReadLineStopsAtTheFirstNewline()
    {
        using var stream = new MemoryStream("first\nsecond\n"u8.ToArray());

        byte[]? line = await LineProtocol.ReadLineAsync(stream, 64, Deadline());

        Assert.Equal("first", Encoding.UTF8.GetString(line!));
    }

    [Fact(Timeout = 10000)]
    public async Task ResultJsonUsesSnakeCaseNamesInSchemaOrder()
    {
        using JsonDocument document = await SerializeAsync(FullResult());

        string[] names = [.. document.RootElement.EnumerateObject().Select(p => p.Name)];
        Assert.Equal(
            ["url", "final_url", "status", "content_type", "charset", "length", "title", "description", "lang", "canonical",
             "links", "redirects", "elapsed_ms", "worker", "attempts", "error"],
            names);
        JsonElement root = document.RootElement;
        Assert.Equal("https://example.test/", root.GetProperty("url").GetString());
        Assert.Equal("https://example.test/final", root.GetProperty("final_url").GetString());
        Assert.Equal(200, root.GetProperty("status").GetInt32());
        Assert.Equal("text/html", root.GetProperty("content_type").GetString());
        Assert.Equal(1234, root.GetProperty("length").GetInt64());
        Assert.Equal("Café & <friends>", root.GetProperty("title").GetString());
        Assert.Equal(7, root.GetProperty("links").GetInt32());
        Assert.Equal(2, root.GetProperty("redirects").GetInt32());
        Assert.Equal(56, root.GetProperty("elapsed_ms").GetInt64());
        Assert.Equal(3, root.GetProperty("worker").GetInt32());
        Assert.Equal(1, root.GetProperty("attempts").GetInt32());
    }

    [Fact(Timeout = 10000)]
    public async Task ErrorIsWrittenAsKindAndMessage()
    {
        using JsonDocument document = await SerializeAsync(FetchResult.Failed("http://a.test/", ErrorKind.Timeout, "timed out"));

        JsonElement error = document.RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.Object, error.ValueKind);
        Assert.Equal(["kind", "message"], error.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("timeout", error.GetProperty("kind").GetString());
        Assert.Equal("timed out", error.GetProperty("message").GetString());
    }

    [Fact(Timeout = 10000)]
    public async Task NullFieldsAreWrittenExplicitly()
    {
        using JsonDocument document = await SerializeAsync(new FetchResult { Url = "http://a.test/" });

        JsonElement root = document.RootElement;
        foreach (string name in new[] { "final_url", "status", "content_type", "title", "description", "lang", "canonical", "worker", "error" })
        {
            Assert.True(root.TryGetProperty(name, out JsonElement value), $"missing {name}");
            Assert.Equal(JsonValueKind.Null, value.ValueKind);
        }
        Assert.Equal(0, root.GetProperty("length").GetInt64());
        Assert.Equal(0, root.GetProperty("links").GetInt32());
    }

    [Fact(Timeout = 10000)]
    public async Task TextWithALoneSurrogateIsStillWrittenAsValidJson()
    {
        using JsonDocument document = await SerializeAsync(new FetchResult { Url = "http://a.test/", Title = "cut \uD83D…" });

        Assert.StartsWith("cut ", document.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    private static FetchResult FullResult() => new()
    {
        Url = "https://example.test/",
        FinalUrl = "https://example.test/final",
        Status = 200,
        ContentType = "text/html",
        Length = 1234,
        Title = "Café & <friends>",
        Description = "A \"quoted\" description",
        Lang = "fr",
        Canonical = "https://example.test/canonical",
        Links = 7,
        Redirects = 2,
        ElapsedMs = 56,
        Worker = 3,
        Attempts = 1,
        Error = null,
    };

    private async Task<JsonDocument> SerializeAsync(FetchResult result)
    {
        using var stream = new MemoryStream();
        await LineProtocol.WriteAsync(stream, result, ProtocolJson.Compact.FetchResult, Deadline());
        string text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return JsonDocument.Parse(text);
    }
}
