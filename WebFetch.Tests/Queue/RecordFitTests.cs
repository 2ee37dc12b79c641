using System.Text.Json;
using WebFetch.Protocol;
using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class RecordFitTests
{
    /// <summary>nats-server's default max_payload.</summary>
    private const long MaxPayload = 1 << 20;

    private static FetchResult Read(byte[] data) => JsonSerializer.Deserialize(data, ProtocolJson.Compact.FetchResult)!;

    [Fact]
    public void ARecordThatFitsIsPublishedAsItIs()
    {
        var record = new FetchResult { Url = "https://a.test/", Status = 200, FoundLinks = [new FoundLink("https://a.test/b", "page", "a@href", 3, 5, "b")] };

        byte[] data = RecordFit.Serialize(record, MaxPayload);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(record, ProtocolJson.Compact.FetchResult), data);
    }

    [Fact]
    public void APageOfMoreLinksThanAMessageHoldsKeepsTheFirstOnesAndSaysTheListWasCut()
    {
        FoundLink[] links = [.. Enumerable.Range(0, 20_000).Select(n => new FoundLink($"https://a.test/page-{n}.html", "page", "a@href", n + 1, 1, $"link {n}"))];
        string[] anchors = [.. Enumerable.Range(0, 20_000).Select(n => $"section-{n}")];
        var record = new FetchResult { Url = "https://a.test/", Status = 200, FoundLinks = links, Anchors = anchors };

        byte[] data = RecordFit.Serialize(record, MaxPayload);
        FetchResult fitted = Read(data);

        Assert.True(data.Length < MaxPayload, $"{data.Length} bytes");
        Assert.Null(fitted.Error);
        Assert.Equal((true, true), (fitted.LinksTruncated, fitted.AnchorsTruncated));
        Assert.InRange(fitted.FoundLinks!.Count, 1_000, links.Length - 1);
        Assert.Equal(links.Take(fitted.FoundLinks.Count), fitted.FoundLinks);
        Assert.Equal(anchors.Take(fitted.Anchors!.Count), fitted.Anchors);
    }

    [Fact]
    public void ARecordTooLargeWithoutListsToCutIsATooLargeErrorThatSaysWhy()
    {
        var record = new FetchResult
        {
            Url = "https://a.test/", Status = 200, Worker = 42,
            Select = new Dictionary<string, IReadOnlyList<string>> { ["text"] = [new string('x', 2 << 20)] },
        };

        FetchResult fitted = Read(RecordFit.Serialize(record, MaxPayload));

        Assert.Equal(ErrorKind.TooLarge, fitted.Error?.Kind);
        Assert.Contains("max_payload", fitted.Error!.Message, StringComparison.Ordinal);
        Assert.Equal((200, 42, null), (fitted.Status, fitted.Worker, fitted.Select));
    }
}
