using System.Text;
using System.Text.Json;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Protocol;

public sealed class FoundLinkJsonTests
{
    [Fact]
    public void FoundLinksAreWrittenAsTheSerializerWroteThem()
    {
        var record = new FetchResult
        {
            Url = "http://a.invalid/",
            FoundLinks =
            [
                new FoundLink("http://a.invalid/x.html#top", "page", "a@href", 3, 14, "The \"top\" <é>"),
                new FoundLink("::", "image", "img@src", 1, 1, null) { Invalid = true },
            ],
        };

        string json = Encoding.UTF8.GetString(LineProtocol.Encode(record, ProtocolJson.Compact.FetchResult).Span);

        Assert.Contains(
            "\"found_links\":[{\"url\":\"http://a.invalid/x.html#top\",\"kind\":\"page\",\"tag\":\"a@href\",\"line\":3,\"col\":14,\"text\":\"The \\u0022top\\u0022 \\u003C\\u00E9\\u003E\"},"
            + "{\"url\":\"::\",\"kind\":\"image\",\"tag\":\"img@src\",\"line\":1,\"col\":1,\"text\":null,\"invalid\":true}]",
            json);
    }

    [Fact]
    public void FoundLinksReadBackInAnyOrderWithUnknownPropertiesSkipped()
    {
        const string json = "{\"url\":\"http://a.invalid/\",\"found_links\":["
            + "{\"col\":2,\"extra\":{\"a\":[1,2]},\"text\":\"caf\\u00e9\",\"tag\":\"css\",\"kind\":\"font\",\"line\":7,\"url\":\"http://a.invalid/f.woff2\"},"
            + "{\"url\":\"x y\",\"kind\":\"p\\u0061ge\",\"tag\":\"a@new\",\"line\":1,\"col\":1,\"text\":null,\"invalid\":true}]}";

        FetchResult record = JsonSerializer.Deserialize(json, ProtocolJson.Compact.FetchResult)!;

        Assert.Equal(
            [
                new FoundLink("http://a.invalid/f.woff2", "font", "css", 7, 2, "café"),
                new FoundLink("x y", "page", "a@new", 1, 1, null) { Invalid = true },
            ],
            record.FoundLinks!);
        Assert.Same("css", record.FoundLinks![0].Tag);
    }

    [Fact]
    public void ARepeatedLinksCountIsWrittenLastAndReadBack()
    {
        var link = new FoundLink("http://a.invalid/x.html", "page", "a@href", 2, 5, "x") { Count = 12 };
        var record = new FetchResult { Url = "http://a.invalid/", FoundLinks = [link, link with { Count = null }] };

        string json = Encoding.UTF8.GetString(LineProtocol.Encode(record, ProtocolJson.Compact.FetchResult).Span);
        FetchResult back = JsonSerializer.Deserialize(json, ProtocolJson.Compact.FetchResult)!;

        Assert.Contains("\"text\":\"x\",\"count\":12}", json, StringComparison.Ordinal);
        Assert.Equal([12, 1], back.FoundLinks!.Select(l => l.Occurrences));
        Assert.Null(back.FoundLinks![1].Count);
    }

    [Fact]
    public void ACountBelowOneIsRefused()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(
            "{\"url\":\"http://a.invalid/\",\"found_links\":[{\"url\":\"http://a.invalid/x\",\"kind\":\"page\",\"tag\":\"a@href\",\"line\":1,\"col\":1,\"text\":null,\"count\":0}]}",
            ProtocolJson.Compact.FetchResult));
    }

    [Fact]
    public void AFoundLinkThatIsNotAnObjectIsRefused()
    {
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize("{\"url\":\"http://a.invalid/\",\"found_links\":[\"http://a.invalid/x\"]}", ProtocolJson.Compact.FetchResult));
    }
}
