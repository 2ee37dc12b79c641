using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>
/// Gzip bombs fetched side by side through the real CLI, with the worker's peak memory
/// (VmHWM) read from /proc while it runs. Alone in its collection: it measures a process.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class WorkerMemoryTests : IAsyncLifetime, IDisposable
{
    private const int Concurrency = 8;

    /// <summary>Bombs that stay under the cap: read, decoded and parsed whole.</summary>
    private const int ParsedMegabytes = 40;

    /// <summary>Bombs far over the cap: cut at the cap, too_large.</summary>
    private const int CutMegabytes = 1024;

    private const string MaxBytes = "48M";

    /// <summary>What a worker may reach: its page budget (at this cap, the minimum) and room for the runtime itself.</summary>
    private const long WorkerBound = MemoryBudget.MinimumCapacity + (192L << 20);

    private static readonly ConcurrentDictionary<int, Lazy<byte[]>> Bombs = new();

    private readonly CliRunner _cli = new();
    private WebApplication? _site;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        _site = await LoopbackServer.StartAsync(k => k.Listen(IPAddress.Loopback, 0), app =>
            app.MapGet("/bomb/{megabytes:int}/{n:int}", (HttpContext context, int megabytes, int n) =>
            {
                context.Response.Headers.ContentEncoding = "gzip";
                return Results.Bytes(Bomb(megabytes), "text/html");
            }));
        _address = new Uri(_site.Urls.First() + "/");
        // A run that goes past the bound fails by running out of heap, not by taking the machine's memory.
        _cli.Environment["DOTNET_GCHeapHardLimit"] = "0x60000000";
    }

    public async Task DisposeAsync()
    {
        if (_site is not null)
        {
            await _site.StopAsync();
            await _site.DisposeAsync();
        }
    }

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 120_000)]
    public async Task GzipBombsReadSideBySideStayWithinTheWorkersMemoryBudget()
    {
        string[] urls = [.. Enumerable.Range(0, 2 * Concurrency).Select(i =>
            new Uri(_address, $"bomb/{(i % 2 == 0 ? ParsedMegabytes : CutMegabytes)}/{i}").AbsoluteUri)];
        _ = Bomb(ParsedMegabytes);
        _ = Bomb(CutMegabytes); // made before the clock starts

        long peak = 0;
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "1", "-c", Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--max-bytes", MaxBytes, "--retries", "0", "--timeout", "60"]);
        Task<CliRun> finished = run.WaitAsync(TimeSpan.FromSeconds(90));
        while (!finished.IsCompleted)
        {
            foreach (int worker in run.Workers)
            {
                peak = Math.Max(peak, PeakResidentBytes(worker));
            }
            await Task.WhenAny(finished, Task.Delay(20));
        }
        CliRun result = await finished;

        Assert.Equal(urls.Order(StringComparer.Ordinal), result.Records.Select(r => r.GetProperty("url").GetString()).Order(StringComparer.Ordinal));
        for (int i = 0; i < urls.Length; i++)
        {
            JsonElement record = result.RecordFor(urls[i]);
            if (i % 2 == 0)
            {
                Assert.False(record.TryGetProperty("error", out JsonElement error) && error.ValueKind != JsonValueKind.Null, $"{urls[i]}: {record}");
                Assert.Equal("bomb", record.GetProperty("title").GetString());
                Assert.Equal(BombPrefix.Length + ((long)ParsedMegabytes << 20), record.GetProperty("length").GetInt64());
            }
            else
            {
                Assert.Equal(ErrorKind.TooLarge, record.GetProperty("error").GetProperty("kind").GetString());
            }
        }
        Assert.InRange(peak, 1, WorkerBound);
    }

    private static readonly byte[] BombPrefix = Encoding.ASCII.GetBytes("<!doctype html><title>bomb</title><body>");

    /// <summary>The page's start, then <paramref name="megabytes"/> MiB of zeros, gzip-compressed as it is written: the inflated page is never held.</summary>
    private static byte[] Bomb(int megabytes) => Bombs.GetOrAdd(megabytes, m => new Lazy<byte[]>(() =>
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(BombPrefix);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < m; i++)
            {
                gzip.Write(zeros);
            }
        }
        return compressed.ToArray();
    })).Value;

    /// <summary>The process's peak resident set (VmHWM), or 0 when it is gone.</summary>
    private static long PeakResidentBytes(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // gone meanwhile
        }
        return 0;
    }
}
