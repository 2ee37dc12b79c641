using System.CommandLine;
using WebFetch.Cli;
using Xunit;

namespace WebFetch.Tests.Cli;

public sealed class QueueRunCommandLineTests
{
    private readonly RunCommandLine _line = new();

    private ParseResult Parse(params string[] args) => new RootCommand { _line.Create() }.Parse(["run", "a.txt", .. args]);

    [Fact]
    public void TheQueueAndTheJobsInFlightReachTheRunOptions()
    {
        ParseResult result = Parse("--queue", "nats://user:secret@127.0.0.1:4333", "--in-flight", "300", "--max-attempts", "4", "--grace", "3");

        Assert.Empty(result.Errors);
        RunOptions options = _line.Read(result);
        Assert.Equal("nats://127.0.0.1:4333", options.Queue!.Display);
        Assert.Equal(300, options.InFlight);
        Assert.Equal(4, options.MaxAttempts);
    }

    [Fact]
    public void WithoutAQueueARunIsLocalAndHasTheDefaultWindow()
    {
        RunOptions options = _line.Read(Parse());

        Assert.Null(options.Queue);
        Assert.Equal(Defaults.InFlight, options.InFlight);
    }

    [Theory]
    [InlineData("--in-flight", "10")]
    [InlineData("--queue-creds", "user.creds")]
    [InlineData("--queue-tls-ca", "ca.pem")]
    public void AQueueOptionWithoutAQueueIsAUsageError(string option, string value)
    {
        ParseResult result = Parse(option, value);

        Assert.Contains(result.Errors, e => e.Message == $"{option} is for a run over a queue: give --queue URL too");
    }

    [Theory]
    [InlineData("--workers", "2")]
    [InlineData("-w", "2")]
    [InlineData("--concurrency", "4")]
    [InlineData("--socket", "run.sock")]
    [InlineData("--worker-timeout", "10")]
    public void ThisMachinesPoolOptionsWithAQueueAreAUsageError(string option, string value)
    {
        ParseResult result = Parse("--queue", "nats://127.0.0.1:4222", option, value);

        Assert.Contains(result.Errors, e => e.Message.Contains("which a run over a queue does not start: give it to each agent (webfetch serve)", StringComparison.Ordinal));
    }

    [Fact]
    public void AQueueThatIsNotANatsAddressIsAUsageError()
    {
        ParseResult result = Parse("--queue", "http://127.0.0.1:4222");

        Assert.Contains(result.Errors, e => e.Message.StartsWith("--queue: expected nats://HOST:PORT", StringComparison.Ordinal));
    }
}
