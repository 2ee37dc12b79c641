using System.Text;
using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Worker;
using Xunit;

namespace WebFetch.Tests.Protocol;

/// <summary>The request line: unchanged for a local run, carrying its run's fetch options for a queue agent.</summary>
public sealed class FetchRequestTests
{
    private static string Line(FetchRequest request) =>
        Encoding.UTF8.GetString(LineProtocol.Encode(request, ProtocolJson.Compact.FetchRequest).Span);

    [Fact]
    public void ARequestWithoutOptionsIsTheLineItWasBeforeRequestsCouldCarryThem()
    {
        Assert.Equal("{\"id\":42,\"url\":\"https://example.test/a?b=c\\u0026d=\\u003Ce\\u003E\",\"solo\":false}\n", Line(new FetchRequest(42, "https://example.test/a?b=c&d=<e>")));
        Assert.Equal("{\"id\":7,\"url\":\"http://127.0.0.1:8080/\",\"solo\":true}\n", Line(new FetchRequest(7, "http://127.0.0.1:8080/", Solo: true)));
    }

    [Fact]
    public void ARequestCarriesItsRunsOptionsAsOneStringOnOneLineAndReadsBackWithThem()
    {
        var options = new FetchOptions
        {
            Headers = [new HeaderField("X-Token", "line\\one \"quoted\"")],
            Selectors = [new SelectorSpec("t", "title", null)],
            Links = true,
        };
        var sent = new FetchRequest(9, "http://127.0.0.1:1/", Options: FetchOptionsJson.Write(options));

        string line = Line(sent);
        FetchRequest? received = System.Text.Json.JsonSerializer.Deserialize(line, ProtocolJson.Compact.FetchRequest);

        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("{\"id\":9,\"url\":\"http://127.0.0.1:1/\",\"solo\":false,\"options\":\"{", line, StringComparison.Ordinal);
        Assert.Equal(sent, received);
        FetchOptions read = FetchOptionsJson.Read(received!.Options!);
        Assert.Equal(options.Headers, read.Headers);
        Assert.Equal(options.Selectors, read.Selectors);
        Assert.True(read.Links);
    }

    [Fact]
    public void ALineWithoutOptionsReadsAsARequestWithNone()
    {
        FetchRequest? read = System.Text.Json.JsonSerializer.Deserialize("{\"id\":1,\"url\":\"http://a.test/\"}", ProtocolJson.Compact.FetchRequest);

        Assert.Equal(new FetchRequest(1, "http://a.test/"), read);
        Assert.Null(read!.Options);
    }
}
