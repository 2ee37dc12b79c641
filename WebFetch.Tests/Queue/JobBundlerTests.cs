using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class JobBundlerTests : IAsyncLifetime
{
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);

    private readonly JetStreamBed _bed = new();
    private readonly FakeTimeProvider _clock = new();

    public Task InitializeAsync() => _bed.InitializeAsync();

    private JobBundler NewBundler(string run = "r1") => new(_bed.Js, run, Linger, _clock);

    private static JobLine Line(int n) => new($"0:{n}", $"http://127.0.0.1/{n}");

    [Fact]
    public async Task LinesStartedWithinTheLingerArePublishedAsOneJobAndOnlyThenTaken()
    {
        using JobBundler bundler = NewBundler();

        Task<bool>[] added = [.. Enumerable.Range(1, 3).Select(n => bundler.AddAsync(Line(n), _bed.Timeout.Token))];
        Assert.All(added, task => Assert.False(task.IsCompleted));

        _clock.Advance(Linger);
        Assert.All(await Task.WhenAll(added).WaitAsync(_bed.Timeout.Token), Assert.True);

        Assert.Equal((3, 1), (bundler.Published, bundler.Jobs));
        IReadOnlyList<JobMessage> jobs = await JobsAsync("r1");
        Assert.Equal([Line(1), Line(2), Line(3)], Assert.Single(jobs).Read());
    }

    [Fact]
    public async Task AFullBundleGoesAtOnceAndTheNextLineStartsAnother()
    {
        using JobBundler bundler = NewBundler();

        Task<bool>[] added = [.. Enumerable.Range(1, JobBundler.MaxLines + 1).Select(n => bundler.AddAsync(Line(n), _bed.Timeout.Token))];
        await Task.WhenAll(added[..JobBundler.MaxLines]).WaitAsync(_bed.Timeout.Token);

        Assert.False(added[^1].IsCompleted);
        _clock.Advance(Linger);
        await added[^1].WaitAsync(_bed.Timeout.Token);
        IReadOnlyList<JobMessage> jobs = await JobsAsync("r1");
        Assert.Equal([JobBundler.MaxLines, 1], jobs.Select(job => job.Read()!.Count));
        Assert.Equal("0:5", jobs[1].Key); // a lone line is a single job, as any agent reads it
    }

    [Fact]
    public async Task ABundlePublishedTwiceIsStoredOnce()
    {
        using JobBundler first = NewBundler();
        using JobBundler again = NewBundler(); // the same lines, as after a lost answer
        foreach (JobBundler bundler in (JobBundler[])[first, again])
        {
            Task<bool>[] added = [.. Enumerable.Range(1, 2).Select(n => bundler.AddAsync(Line(n), _bed.Timeout.Token))];
            _clock.Advance(Linger);
            Assert.All(await Task.WhenAll(added).WaitAsync(_bed.Timeout.Token), Assert.True);
        }

        Assert.Single(await JobsAsync("r1"));
    }

    [Fact]
    public async Task LinesNotYetSentWhenTheBundlerStopsAreNeverPublished()
    {
        using JobBundler bundler = NewBundler();
        Task<bool> added = bundler.AddAsync(Line(1), _bed.Timeout.Token);

        await bundler.StopAsync().WaitAsync(_bed.Timeout.Token);

        Assert.False(await added.WaitAsync(_bed.Timeout.Token));
        Assert.False(await bundler.AddAsync(Line(2), _bed.Timeout.Token));
        _clock.Advance(Linger);
        Assert.Empty(await JobsAsync("r1"));
        Assert.Equal(0, bundler.Published);
    }

    /// <summary>The run's jobs in the stream, in order.</summary>
    private async Task<IReadOnlyList<JobMessage>> JobsAsync(string run)
    {
        INatsJSStream stream = await _bed.Js.GetStreamAsync(QueueNames.JobsStream, cancellationToken: _bed.Timeout.Token);
        var jobs = new List<JobMessage>();
        ulong next = 1;
        while (true)
        {
            StreamMsgGetResponse found;
            try
            {
                found = await stream.GetAsync(new StreamMsgGetRequest { Seq = next, NextBySubj = QueueNames.Jobs(run) }, _bed.Timeout.Token);
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                return jobs;
            }
            jobs.Add(JsonSerializer.Deserialize(found.Message.Data.Span, QueueJson.Default.JobMessage)!);
            next = found.Message.Seq + 1;
        }
    }

    public Task DisposeAsync() => _bed.DisposeAsync();
}
