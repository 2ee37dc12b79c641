using System.Text.Json;
using WebFetch.Tests.Support;
using WebFetch.Tests.Urls;
using WebFetch.Tests.Urls.Idna;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>One case of <see cref="HostConformanceRun"/>: the data file, the entry, and the line given to the CLI.</summary>
public sealed record HostLine(string File, int Index, string Input, string? Output)
{
    public string Line => "http://" + Input + "/x";
}

/// <summary>
/// One run of the real CLI over every host of web-platform-tests' IDNA data (toascii.json and
/// IdnaTestV2.json) that fits on a line, as <c>http://HOST/x</c>, the form web-platform-tests gives
/// the URL parser (with https there; http here, so that the capture proxy sees the whole request
/// line). Left out: the empty input (web-platform-tests skips it too), inputs with a line break
/// (they would split the line) and inputs with a lone surrogate (not writable as UTF-8).
/// </summary>
public sealed class HostConformanceRun : IAsyncLifetime, IDisposable
{
    private readonly CliRunner _cli = new();

    public CaptureProxy Proxy { get; } = new();

    public IReadOnlyList<HostLine> Lines { get; } = [.. Load("toascii.json"), .. Load("IdnaTestV2.json")];

    public IReadOnlyList<JsonElement> Records { get; private set; } = [];

    public JsonElement RecordOf(string file, int index)
    {
        for (int i = 0; i < Lines.Count; i++)
        {
            if (Lines[i].File == file && Lines[i].Index == index)
            {
                return Records[i];
            }
        }
        throw new InvalidOperationException($"{file} #{index} is not in the run");
    }

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (HostLine line in (IEnumerable<HostLine>)[.. Load("toascii.json"), .. Load("IdnaTestV2.json")])
        {
            data.Add(line.File, line.Index);
        }
        return data;
    }

    public async Task InitializeAsync()
    {
        await Proxy.InitializeAsync();
        string input = _cli.WriteInput([.. Lines.Select(l => l.Line)]);
        CliRun run = await _cli.RunAsync(
            ["run", input, "--proxy", Proxy.Url, "--ordered", "--no-dedup", "--retries", "0", "-w", "4", "-q"],
            timeout: TimeSpan.FromSeconds(120));
        Records = run.Records;
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

    private static IEnumerable<HostLine> Load(string file)
    {
        IReadOnlyList<WptIdnaCase> cases = WptIdnaCases.Load(file);
        for (int i = 0; i < cases.Count; i++)
        {
            string input = cases[i].Input;
            if (input.Length > 0 && !input.AsSpan().ContainsAny('\n', '\r') && !UrlTestData.HasLoneSurrogate(input))
            {
                yield return new HostLine(file, i, input, cases[i].Output);
            }
        }
    }
}
