using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using WebFetch.Worker;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.Worker;

/// <summary>
/// A real worker, started by a real run, asked directly on its socket (as a queue agent's
/// parent asks it) for pages with the fetch options of different runs.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class RequestOptionsTests(FetchSite site, ITestOutputHelper output) : IClassFixture<FetchSite>, IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public void Dispose()
    {
        _cli.Dispose();
        _timeout.Dispose();
    }

    [Fact(Timeout = 90_000)]
    public async Task RequestsWithDifferentOptionsToOneWorkerEachGetTheirOwnAndOnesWithoutGetTheWorkers()
    {
        string path = Path.Combine(_cli.TempDirectory, "run.sock");
        await using var run = new RunningCli(_cli, ["run", "-", "-w", "1", "-c", "2", "--socket", path, "-H", "X-Token: own", "-A", "own-agent"], closeStdin: false);
        Assert.True(await run.WorkersAreAsync(1, TimeSpan.FromSeconds(20)), "the worker never started");
        int worker = run.Workers[0];
        string page = site.Url("headers");
        string alpha = FetchOptionsJson.Write(new FetchOptions
        {
            Headers = [new HeaderField("X-Token", "alpha")],
            UserAgent = "agent-a",
            Selectors = [new SelectorSpec("echo", "title", null)],
        });
        string beta = FetchOptionsJson.Write(new FetchOptions { Headers = [new HeaderField("X-Token", "beta")], UserAgent = "agent-b", Links = true });

        JsonElement[] answers = await Task.WhenAll(AskAsync(path, 900_001, page, alpha), AskAsync(path, 900_002, page, beta), AskAsync(path, 900_003, page, null));
        JsonElement refused = await AskAsync(path, 900_004, page, "{\"headers\":[{\"name\":\"X-Token\"");
        JsonElement afterwards = await AskAsync(path, 900_005, page, beta);

        run.Stdin.Close();
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(done.Stderr);
        Assert.Equal(["alpha|agent-a", "beta|agent-b", "own|own-agent"], answers.Select(a => a.GetProperty("title").GetString()));
        Assert.Equal("alpha|agent-a", Assert.Single(answers[0].GetProperty("select").GetProperty("echo").EnumerateArray()).GetString());
        Assert.False(answers[1].TryGetProperty("select", out JsonElement none) && none.ValueKind != JsonValueKind.Null, "beta has no selections");
        Assert.Equal(JsonValueKind.Array, answers[1].GetProperty("link_urls").ValueKind);
        Assert.False(answers[0].TryGetProperty("link_urls", out JsonElement noLinks) && noLinks.ValueKind != JsonValueKind.Null, "alpha lists no links");
        Assert.All(answers, a => Assert.Equal(JsonValueKind.Null, a.GetProperty("error").ValueKind));

        Assert.Equal(page, refused.GetProperty("url").GetString());
        Assert.Equal(ErrorKind.Protocol, refused.GetProperty("error").GetProperty("kind").GetString());
        Assert.StartsWith("bad request: its fetch options cannot be used: ", refused.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("beta|agent-b", afterwards.GetProperty("title").GetString());
        Assert.All([.. answers, refused, afterwards], a => Assert.Equal(worker, a.GetProperty("worker").GetInt32()));
        Assert.Contains($"refused the request for {page}: its fetch options cannot be used", done.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, done.ExitCode);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact(Timeout = 90_000)]
    public async Task AWorkerAnswersTheCrawlsFetchModesWithTheirFields()
    {
        string path = Path.Combine(_cli.TempDirectory, "run.sock");
        await using var run = new RunningCli(_cli, ["run", "-", "-w", "1", "--socket", path], closeStdin: false);
        Assert.True(await run.WorkersAreAsync(1, TimeSpan.FromSeconds(20)), "the worker never started");
        string check = FetchOptionsJson.Write(new FetchOptions { CheckOnly = true });
        string capture = FetchOptionsJson.Write(new FetchOptions { CaptureBodyBytes = 10, Crawl = true });

        JsonElement checkedAnswer = await AskAsync(path, 900_011, site.Url("redirect-chain/1"), check);
        JsonElement captured = await AskAsync(path, 900_012, site.Url("redirect-chain/0"), capture);

        run.Stdin.Close();
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(done.Stderr);
        FetchResult checkedRecord = JsonSerializer.Deserialize(checkedAnswer.GetRawText(), ProtocolJson.Compact.FetchResult)!;
        // The test site's pages answer HEAD with 405 (Kestrel's MapGet): checked with GET from the first hop on.
        Assert.Equal("GET", checkedRecord.CheckMethod);
        Assert.Equal([new RedirectHop(site.Url("redirect-chain/1"), 302), new RedirectHop(site.Url("redirect-chain/0"), 302)], checkedRecord.RedirectChain);
        Assert.Equal(site.Url("page/2"), checkedRecord.FinalUrl);
        Assert.Null(checkedRecord.Title); // nothing parsed
        Assert.Null(checkedRecord.Error);
        Assert.Equal("<title>Pag", captured.GetProperty("body").GetString());
        Assert.True(captured.GetProperty("body_truncated").GetBoolean());
        Assert.Equal("Page 2", captured.GetProperty("title").GetString());
        Assert.Equal(302, captured.GetProperty("redirect_chain")[0].GetProperty("status").GetInt32());
        Assert.False(captured.TryGetProperty("check_method", out _));
        Assert.Equal(0, done.ExitCode);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    /// <summary>Sends one request line on the workers' socket and reads the one answer line.</summary>
    private async Task<JsonElement> AskAsync(string socketPath, long id, string url, string? options)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), _timeout.Token);
        await socket.SendAsync(LineProtocol.Encode(new FetchRequest(id, url, Options: options), ProtocolJson.Compact.FetchRequest), _timeout.Token);
        var answer = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            int read = await socket.ReceiveAsync(buffer, _timeout.Token);
            answer.Write(buffer, 0, read);
            if (read == 0 || buffer.AsSpan(0, read).Contains((byte)'\n'))
            {
                break;
            }
        }
        string line = Encoding.UTF8.GetString(answer.ToArray()).TrimEnd('\n');
        Assert.False(string.IsNullOrEmpty(line), $"no answer to request {id}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }
}
