using System.Text.Json;
using WebFetch.Tests.Support;
using WebFetch.Tests.Urls;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>
/// One run of the real CLI over every absolute URL of web-platform-tests' URL test data that
/// fits on a line, one line each, through a <see cref="CaptureProxy"/>: in input order, every
/// line fetched (no dedup), no retries, so that record i belongs to line i and each request
/// the proxy saw belongs to one record.
/// </summary>
public sealed class UrlConformanceRun : IAsyncLifetime, IDisposable
{
    private readonly CliRunner _cli = new();

    public CaptureProxy Proxy { get; } = new();

    public IReadOnlyList<UrlTestCase> Cases { get; } = [.. UrlTestData.AbsoluteLines];

    public IReadOnlyList<JsonElement> Records { get; private set; } = [];

    public CliRun? Run { get; private set; }

    public JsonElement RecordOf(int number)
    {
        int index = Cases.Select((c, i) => (c, i)).Single(p => p.c.Number == number).i;
        return Records[index];
    }

    public async Task InitializeAsync()
    {
        await Proxy.InitializeAsync();
        string input = _cli.WriteInput([.. Cases.Select(c => c.Input)]);
        Run = await _cli.RunAsync(
            ["run", input, "--proxy", Proxy.Url, "--ordered", "--no-dedup", "--retries", "0", "-w", "4", "-q"],
            timeout: TimeSpan.FromSeconds(120));
        Records = Run.Records;
    }

    public async Task DisposeAsync()
    {
        await Proxy.DisposeAsync();
        Dispose();
    }

    public void Dispose()
    {
        Proxy.Dispose();
        _cli.Dispose();
    }
}
