using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>A page read through a real server by a fetcher whose memory budget other pages hold.</summary>
public sealed class MemoryBudgetFetchTests : IAsyncLifetime, IDisposable
{
    private const int PageBytes = 3 << 20;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private WebApplication? _site;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        _site = await LoopbackServer.StartAsync(k => k.Listen(IPAddress.Loopback, 0), app =>
            app.MapGet("/large", async (HttpContext context) =>
            {
                // No Content-Length: the body's buffer grows as it arrives.
                context.Response.ContentType = "text/html";
                await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("<title>large</title><p>"));
                byte[] chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
                for (int sent = 0; sent < PageBytes; sent += chunk.Length)
                {
                    await context.Response.Body.WriteAsync(chunk);
                }
            }));
        _address = new Uri(_site.Urls.First() + "/");
    }

    public async Task DisposeAsync()
    {
        if (_site is not null)
        {
            await _site.StopAsync();
            await _site.DisposeAsync();
        }
    }

    public void Dispose() => _timeout.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task APageThatGivesWayIsReadAgainWithoutUsingARetry()
    {
        using var fetcher = new PageFetcher(new FetchOptions { Retries = 0 });
        MemoryBudget budget = fetcher.Memory;
        MemoryLease other = budget.Open();
        await other.TakeAsync(budget.Capacity - (2 << 20), _timeout.Token);

        Task<FetchResult> fetching = fetcher.FetchAsync(new Uri(_address, "large"), _timeout.Token);
        Assert.True(await CliRunner.EventuallyAsync(() => budget.Waiting == 1, TimeSpan.FromSeconds(20)), "the page never waited for room");
        // The other page now wants more too: both hold and wait, and the page, opened later, gives way.
        await other.TakeAsync(1 << 20, _timeout.Token);
        Assert.True(await CliRunner.EventuallyAsync(() => budget.Waiting == 1, TimeSpan.FromSeconds(20)), "the page read again did not wait for room");
        Assert.False(fetching.IsCompleted);
        other.Dispose();
        FetchResult result = await fetching;

        Assert.Null(result.Error);
        Assert.Equal("large", result.Title);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(0, budget.Used);
    }

    [Fact(Timeout = 30_000)]
    public async Task APageWaitsForRoomAndIsReadWhole()
    {
        using var fetcher = new PageFetcher(new FetchOptions { Retries = 0 });
        MemoryBudget budget = fetcher.Memory;
        MemoryLease other = budget.Open();
        await other.TakeAsync(budget.Capacity - (1 << 20), _timeout.Token);

        Task<FetchResult> fetching = fetcher.FetchAsync(new Uri(_address, "large"), _timeout.Token);
        Assert.True(await CliRunner.EventuallyAsync(() => budget.Waiting == 1, TimeSpan.FromSeconds(20)), "the page never waited for room");
        other.Dispose();
        FetchResult result = await fetching;

        Assert.Null(result.Error);
        Assert.Equal("large", result.Title);
        Assert.Equal(1, result.Attempts);
    }
}
