using System.CommandLine;
using WebFetch.Cli;
using WebFetch.Fetching;
using WebFetch.Output;
using Xunit;

namespace WebFetch.Tests.Cli;

public sealed class RunCommandLineTests
{
    private readonly RunCommandLine _line = new();

    private RunOptions Read(params string[] args)
    {
        ParseResult result = new RootCommand { _line.Create() }.Parse(["run", .. args]);
        Assert.Empty(result.Errors);
        return _line.Read(result);
    }

    [Fact]
    public void EveryOptionGivenReachesTheRunOptions()
    {
        RunOptions options = Read(
            "a.txt", "-", "-w", "3", "-c", "5", "--timeout", "2m", "--connect-timeout", "1500ms", "--max-bytes", "2M",
            "--max-redirects", "4", "-A", "probe/1", "-H", "X-One: 1", "--variable", "who=me", "--expand-header", "X-Two: {{who}}",
            "--proxy", "http://127.0.0.1:3128", "-k", "--retries", "1", "--select", "h=h1", "--links", "-f",
            "--socket", "run.sock", "--worker-timeout", "7", "--max-attempts", "2", "--grace", "3",
            "--per-host", "2", "--delay", "250", "--rate", "6/m", "--no-dedup", "--ordered", "-o", "out.csv", "-q");

        Assert.Equal(["a.txt", "-"], options.Files);
        Assert.Equal(3, options.Workers);
        Assert.Equal(5, options.Concurrency);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Fetch.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.Fetch.ConnectTimeout);
        Assert.Equal(2L << 20, options.Fetch.MaxBytes);
        Assert.Equal(4, options.Fetch.MaxRedirects);
        Assert.Equal("probe/1", options.Fetch.UserAgent);
        Assert.Equal([new HeaderField("X-One", "1"), new HeaderField("X-Two", "me")], options.Fetch.Headers);
        Assert.Equal("http://127.0.0.1:3128", options.Fetch.Proxy);
        Assert.True(options.Fetch.Insecure);
        Assert.Equal(1, options.Fetch.Retries);
        Assert.Equal("h", Assert.Single(options.Fetch.Selectors).Name);
        Assert.True(options.Fetch.Links);
        Assert.True(options.Fetch.FailOnHttpError);
        Assert.Equal("run.sock", options.SocketPath);
        Assert.Equal(TimeSpan.FromSeconds(7), options.WorkerTimeout);
        Assert.Equal(2, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Grace);
        Assert.Equal(2, options.Policy.PerHost);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Policy.Delay);
        Assert.Equal(0.1, options.Policy.Rate, 9);
        Assert.False(options.Policy.Dedup);
        Assert.True(options.Ordered);
        Assert.Equal("out.csv", options.OutputFile);
        Assert.Equal(OutputFormat.Csv, options.Format);
        Assert.Null(options.ResumeFile);
        Assert.True(options.Quiet);
        Assert.Equal("Warning", options.LogLevel);
    }

    [Fact]
    public void AnOptionLeftOutGetsItsDefault()
    {
        RunOptions options = Read("a.txt");

        Assert.Equal(Defaults.Workers, options.Workers);
        Assert.Equal(Defaults.Concurrency, options.Concurrency);
        Assert.Equal(Defaults.Timeout, options.Fetch.Timeout);
        Assert.Equal(Defaults.ConnectTimeout, options.Fetch.ConnectTimeout);
        Assert.Equal(Defaults.MaxBytes, options.Fetch.MaxBytes);
        Assert.Equal(Defaults.Retries, options.Fetch.Retries);
        Assert.Equal(FetchOptions.DefaultUserAgent, options.Fetch.UserAgent);
        Assert.Empty(options.Fetch.Headers);
        Assert.Null(options.Fetch.Proxy);
        Assert.Equal(Defaults.WorkerTimeout, options.WorkerTimeout);
        Assert.Equal(Defaults.MaxAttempts, options.MaxAttempts);
        Assert.Equal(Defaults.Grace, options.Grace);
        Assert.Equal(0, options.Policy.PerHost);
        Assert.Equal(TimeSpan.Zero, options.Policy.Delay);
        Assert.True(options.Policy.Dedup);
        Assert.Null(options.OutputFile);
        Assert.Equal(OutputFormat.Jsonl, options.Format);
        Assert.Equal("Information", options.LogLevel);
        Assert.False(options.Quiet);
    }

    [Fact]
    public void VerboseAsksForDebugDetailAndResumeIsTheOutputFile()
    {
        RunOptions options = Read("a.txt", "-v", "--resume", "done.jsonl");

        Assert.Equal("Debug", options.LogLevel);
        Assert.Equal("done.jsonl", options.ResumeFile);
        Assert.Equal(OutputFormat.Jsonl, options.Format);
    }

    [Fact]
    public void HelpListsTheOptionsInTheirGroupsOrder()
    {
        var help = new StringWriter();
        CommandLineApp.Build().Parse(["run", "--help"]).Invoke(new InvocationConfiguration { Output = help });

        string[] listed = [.. help.ToString().Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith('-'))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, "--[a-z-]+").Value)];
        Assert.Equal(
            ["--workers", "--concurrency", "--timeout", "--connect-timeout", "--max-bytes", "--max-redirects", "--user-agent", "--header",
             "--variable", "--expand-header", "--proxy", "--insecure", "--retries", "--select", "--links", "--fail",
             "--match-status", "--fail-status", "--match-string", "--match-regex", "--fail-length", "--no-follow",
             "--fields", "--header-out",
             "--socket", "--worker-timeout", "--max-attempts", "--grace", "--queue", "--queue-creds", "--queue-tls-ca", "--queue-replicas", "--in-flight",
             "--per-host", "--delay", "--rate", "--no-dedup", "--ordered", "--output", "--format", "--resume",
             "--only-failed", "--only-ok", "--verbose", "--quiet", "--help", "--config"],
            listed);
    }
}
