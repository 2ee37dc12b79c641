using Serilog;
using Serilog.Core;
using Serilog.Events;
using WebFetch.Logs;
using Xunit;

namespace WebFetch.Tests.Logs;

public sealed class RedactTests
{
    [Theory]
    [InlineData("http://user:pa%40ss@host/path", "http://***@host/path")]
    [InlineData("https://TOKEN@api.example/v1?q=a@b", "https://***@api.example/v1?q=a@b")]
    [InlineData("http://u:p@h", "http://***@h")]
    [InlineData("HTTP://u:p@h:8080/", "HTTP://***@h:8080/")]
    [InlineData("http:u:p@h/x", "http:***@h/x")] // the URL Standard needs no slashes after a special scheme
    [InlineData("http:\\\\u:p@h\\x", "http:\\\\***@h\\x")]
    [InlineData("http://user:pa ss@host/", "http://***@host/")] // a space is allowed in a password
    [InlineData("http://a@b:c@host/", "http://***@host/")] // the user information ends at the last @
    [InlineData("ht\ttp://u:p@h/", "ht\ttp://***@h/")] // tabs are removed from a URL
    [InlineData("socks5://proxy user:p@ss@proxy:1080", "socks5://***@proxy:1080")]
    [InlineData("user:secret@proxy:3128", "user:***@proxy:3128")] // a proxy variable may leave out the scheme
    [InlineData("HTTP_PROXY is set to 'ftp://u:pw@proxy:3128', which is not a proxy URL", "HTTP_PROXY is set to 'ftp://***@proxy:3128', which is not a proxy URL")]
    [InlineData("http://u:p1@a/x: attempt 1 lost; then http://v:p2@b/y", "http://***@a/x: attempt 1 lost; then http://***@b/y")]
    public void TheUserInformationOfEveryUrlIsMasked(string text, string masked) =>
        Assert.Equal(masked, Redact.Secrets(text));

    [Theory]
    [InlineData("http://host/path?mail=a@b.example")]
    [InlineData("http://host/a@b")]
    [InlineData("http://127.0.0.1:1/: attempt 1 failed (Connection refused (127.0.0.1:1)); retrying in 124 ms")]
    [InlineData("worker 123 died (killed by signal 9 (SIGKILL)) after serving 4")]
    [InlineData("cannot open output file 'out/x@y.jsonl': directory 'out' does not exist")]
    [InlineData("report-bot/1.0 (ops@example.com)")]
    [InlineData("header 'Authorization' describes a request body and a GET has none")]
    [InlineData("https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cookie: attempt 1 lost: worker 7 died")]
    [InlineData("http://host/set?cookie=1: dispatched")]
    [InlineData("")]
    public void TextWithoutCredentialsIsLeftAlone(string text) =>
        Assert.Equal(text, Redact.Secrets(text));

    [Theory]
    [InlineData("Authorization: Bearer s3cret", "Authorization: ***")]
    [InlineData("sent proxy-authorization:Basic cHc=\nnext line", "sent proxy-authorization:***\nnext line")]
    [InlineData("Cookie: a=1; b=2", "Cookie: ***")]
    [InlineData("sent 'Authorization: Bearer x' twice", "sent 'Authorization: ***")]
    [InlineData("HeaderField { Name = Authorization, Value = Bearer x }", "HeaderField { Name = Authorization, Value = Bearer x }")]
    public void TheValueOfACredentialHeaderIsMasked(string text, string masked) =>
        Assert.Equal(masked, Redact.Secrets(text));

    [Fact]
    public void TheLogSinkMasksEveryTextPropertyAndTheException()
    {
        var collected = new Collector();
        using (Logger logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new RedactingSink(collected)).CreateLogger())
        {
            logger.Warning(Thrown("cannot fetch http://u:pw1@host/"), "{Url}: lost {Count} {Urls}",
                "http://u:pw2@host/", 3, new List<string> { "http://u:pw3@host/" });
        }

        LogEvent logged = Assert.Single(collected.Events);
        string rendered = logged.RenderMessage() + logged.Exception;
        Assert.DoesNotContain("pw", rendered, StringComparison.Ordinal);
        Assert.Equal("\"http://***@host/\": lost 3 [\"http://***@host/\"]", logged.RenderMessage());
        Assert.Contains("cannot fetch http://***@host/", logged.Exception!.ToString(), StringComparison.Ordinal);
        Assert.Contains(nameof(Thrown), logged.Exception.ToString(), StringComparison.Ordinal); // the stack trace stays
    }

    private static InvalidOperationException Thrown(string message)
    {
        try
        {
            throw new InvalidOperationException(message);
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    private sealed class Collector : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
