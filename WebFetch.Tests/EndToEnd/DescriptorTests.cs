using System.Text.Json;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>Descriptors run short in a worker: idle pooled connections and EMFILE are waited out, never a URL's failure.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class DescriptorTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 90_000)]
    public async Task IdleConnectionsToManyOriginsDoNotUseUpTheOpenFileLimit()
    {
        // 800 origins, each answering with keep-alive, against 512 descriptors: the worker
        // could not keep every connection it has used open, and must not lose a URL for it.
        await using ManyOriginSite site = ManyOriginSite.Start(800);
        IReadOnlyList<string> urls = site.Urls;

        CliRun run = await _cli.RunInShellAsync(
            "ulimit -n 512 && exec dotnet \"$WEBFETCH_DLL\" run \"$1\" -w 1 -c 16", _cli.WriteInput([.. urls]));

        IReadOnlyList<JsonElement> records = run.Records;
        Assert.Equal(urls.Count, records.Count);
        string[] failed = [.. records.Where(r => r.GetProperty("error").ValueKind != JsonValueKind.Null).Select(r => r.GetRawText())];
        Assert.True(failed.Length == 0, $"{failed.Length} URL(s) failed, the first: {failed.FirstOrDefault()}");
        Assert.DoesNotContain("Too many open files", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("EMFILE", run.Stderr, StringComparison.Ordinal); // the worker kept room to accept its URLs, too
        Assert.Equal(
            urls.Order(StringComparer.Ordinal).Select(ManyOriginSite.TitleOf),
            records.OrderBy(r => r.GetProperty("url").GetString(), StringComparer.Ordinal).Select(r => r.GetProperty("title").GetString()));
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }
}
