using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WebFetch.Fetching;
using WebFetch.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.Fetching;

/// <summary>
/// html5lib-tests' encoding cases (Fetching/Data): each page, served with no charset in its
/// Content-Type, is read with the encoding a browser would use, first by the extractor, then
/// through the real CLI and a real server on 127.0.0.1.
/// </summary>
public sealed class Html5libEncodingTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>
    /// Cases webfetch does not agree with, and why. (None at present: every case is in scope.)
    /// </summary>
    private static readonly Dictionary<string, string> OutOfScope = new(StringComparer.Ordinal);

    private static readonly Uri Address = new("http://example.test/");
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task EveryCaseIsReadWithTheEncodingABrowserUses()
    {
        await Task.Yield();
        IReadOnlyList<EncodingCase> cases = EncodingCase.All();
        var disagreements = new List<string>();
        foreach (EncodingCase test in cases)
        {
            PageSummary page = HtmlExtractor.Extract(test.Data, "text/html", Address, CancellationToken.None);
            if (page.Charset != Expected(test))
            {
                disagreements.Add($"{test}: expected {Expected(test)}, read as {page.Charset}");
            }
        }
        Report(cases.Count, disagreements);
    }

    [Fact(Timeout = 120_000)]
    public async Task EveryCaseServedWithoutACharsetIsReadWithTheEncodingABrowserUsesThroughTheCli()
    {
        IReadOnlyList<EncodingCase> cases = EncodingCase.All();
        await using WebApplication site = await LoopbackServer.StartAsync(k => k.Listen(IPAddress.Loopback, 0), app =>
            app.MapGet("/{file}/{number:int}", (string file, int number) =>
                cases.SingleOrDefault(c => c.File == file && c.Number == number) is { } test
                    ? Results.Bytes(test.Data, "text/html")
                    : Results.NotFound()));
        string root = site.Urls.First();
        string UrlOf(EncodingCase test) => $"{root}/{test.File}/{test.Number}";

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput([.. cases.Select(UrlOf)]), "-w", "2", "-q"]);

        Assert.Equal(0, run.ExitCode);
        var disagreements = new List<string>();
        foreach (EncodingCase test in cases)
        {
            JsonElement record = run.RecordFor(UrlOf(test));
            Assert.Equal(JsonValueKind.Null, record.GetProperty("error").ValueKind);
            Assert.Equal("text/html", record.GetProperty("content_type").GetString());
            string? charset = record.GetProperty("charset").GetString();
            if (charset != Expected(test))
            {
                disagreements.Add($"{test}: expected {Expected(test)}, read as {charset}");
            }
        }
        Report(cases.Count, disagreements);
    }

    /// <summary>The standard's name for the case's expected encoding (the files use labels: "Windows-1252", "iso-8859-2").</summary>
    private static string Expected(EncodingCase test) =>
        Charsets.Resolve(test.Encoding)?.Name ?? throw new InvalidDataException($"{test}: unknown encoding {test.Encoding}");

    private void Report(int total, List<string> disagreements)
    {
        output.WriteLine($"{total - disagreements.Count} of {total} cases agree");
        disagreements.ForEach(output.WriteLine);
        Assert.True(total > 0, "no cases were read");
        Assert.Equal(OutOfScope.Keys.Order(), disagreements.Select(d => d[..d.IndexOf(':', StringComparison.Ordinal)]).Order());
    }
}
