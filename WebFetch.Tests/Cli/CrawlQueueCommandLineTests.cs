using System.CommandLine;
using WebFetch.Cli;
using Xunit;

namespace WebFetch.Tests.Cli;

public sealed class CrawlQueueCommandLineTests
{
    private readonly CrawlCommandLine _line = new();

    private ParseResult Parse(params string[] args) => new RootCommand { _line.Create() }.Parse(["crawl", "http://127.0.0.1:9/site/", .. args]);

    [Fact]
    public void TheQueueTheJobsInFlightAndTheReplicasReachTheCrawlsRunOptions()
    {
        ParseResult result = Parse("--queue", "nats://user:secret@127.0.0.1:4333", "--in-flight", "300", "--queue-replicas", "3", "--per-host", "2");

        Assert.Empty(result.Errors);
        RunOptions run = _line.Read(result).Run;
        Assert.Equal(("nats://127.0.0.1:4333", 300, 3, 2), (run.Queue!.Display, run.InFlight, run.QueueReplicas, run.Policy.PerHost));
        Assert.False(run.Policy.Dedup);
    }

    [Fact]
    public void WithoutAQueueACrawlIsLocal()
    {
        RunOptions run = _line.Read(Parse()).Run;

        Assert.Equal((null, Defaults.InFlight, null), (run.Queue, run.InFlight, run.QueueReplicas));
    }

    [Theory]
    [InlineData("--in-flight", "10")]
    [InlineData("--queue-creds", "user.creds")]
    [InlineData("--queue-replicas", "3")]
    public void AQueueOptionWithoutAQueueIsAUsageError(string option, string value)
    {
        Assert.Contains(Parse(option, value).Errors, e => e.Message == $"{option} is for a run over a queue: give --queue URL too");
    }

    [Theory]
    [InlineData("-w", "2")]
    [InlineData("--concurrency", "4")]
    [InlineData("--socket", "crawl.sock")]
    [InlineData("--worker-timeout", "10")]
    public void ThisMachinesPoolOptionsWithAQueueAreAUsageError(string option, string value)
    {
        ParseResult result = Parse("--queue", "nats://127.0.0.1:4222", option, value);

        Assert.Contains(result.Errors, e => e.Message.Contains("which a run over a queue does not start: give it to each agent (webfetch serve)", StringComparison.Ordinal));
    }

    [Fact]
    public void ResumeWithAQueueIsAccepted()
    {
        ParseResult result = Parse("--queue", "nats://127.0.0.1:4222", "--resume", "crawl.jsonl");

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void AQueueThatIsNotANatsAddressIsAUsageError()
    {
        Assert.NotEmpty(Parse("--queue", "http://127.0.0.1:4222").Errors);
    }
}
