using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Authentication;
using WebFetch.Fetching;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Fetching;

[SupportedOSPlatform("linux")]
public sealed class FailureClassifierTests
{
    [Theory]
    [InlineData(HttpRequestError.NameResolutionError, "dns")]
    [InlineData(HttpRequestError.ConnectionError, "connect")]
    [InlineData(HttpRequestError.ProxyTunnelError, "connect")]
    [InlineData(HttpRequestError.SecureConnectionError, "tls")]
    [InlineData(HttpRequestError.InvalidResponse, "protocol")]
    [InlineData(HttpRequestError.ResponseEnded, "protocol")]
    public void HttpRequestErrorDecidesTheKind(HttpRequestError error, string kind)
    {
        var exception = new HttpRequestException(error, "request failed");

        Assert.Equal(kind, FailureClassifier.Classify(exception, timedOut: false).Kind);
    }

    [Fact]
    public void TimeoutExceptionInsideIsATimeout()
    {
        var exception = new TaskCanceledException("canceled", new TimeoutException("The operation has timed out."));

        FetchError error = FailureClassifier.Classify(exception, timedOut: false);

        Assert.Equal(ErrorKind.Timeout, error.Kind);
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeoutExceptionDeepInsideAnHttpErrorIsATimeout()
    {
        var exception = new HttpRequestException(
            HttpRequestError.ConnectionError, "connect failed", new IOException("io", new TimeoutException("slow")));

        Assert.Equal(ErrorKind.Timeout, FailureClassifier.Classify(exception, timedOut: false).Kind);
    }

    [Fact]
    public void TimedOutFlagWinsOverTheException()
    {
        Assert.Equal(ErrorKind.Timeout, FailureClassifier.Classify(new InvalidOperationException("x"), timedOut: true).Kind);
    }

    [Fact]
    public void BodyTooLargeIsTooLarge()
    {
        FetchError error = FailureClassifier.Classify(new BodyTooLargeException(1000, 1001), timedOut: false);

        Assert.Equal(ErrorKind.TooLarge, error.Kind);
        Assert.Equal("too_large", error.Kind);
        Assert.Contains("1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RedirectFailureIsTooManyRedirects()
    {
        FetchError error = FailureClassifier.Classify(new RedirectException("more than 10 redirects"), timedOut: false);

        Assert.Equal("too_many_redirects", error.Kind);
        Assert.Equal("more than 10 redirects", error.Message);
    }

    [Fact]
    public void SocketHostNotFoundInsideAnUnknownHttpErrorIsDns()
    {
        var exception = new HttpRequestException("failed", new SocketException((int)SocketError.HostNotFound));

        Assert.Equal(ErrorKind.Dns, FailureClassifier.Classify(exception, timedOut: false).Kind);
    }

    [Fact]
    public void SocketConnectionRefusedInsideAnUnknownHttpErrorIsConnect()
    {
        var exception = new HttpRequestException("failed", new SocketException((int)SocketError.ConnectionRefused));

        FetchError error = FailureClassifier.Classify(exception, timedOut: false);

        Assert.Equal(ErrorKind.Connect, error.Kind);
        Assert.Contains("failed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthenticationFailureIsTls()
    {
        Assert.Equal(ErrorKind.Tls, FailureClassifier.Classify(new HttpRequestException("ssl", new AuthenticationException("bad cert")), false).Kind);
        Assert.Equal(ErrorKind.Tls, FailureClassifier.Classify(new AuthenticationException("bad cert"), false).Kind);
    }

    [Fact]
    public void IOFailureWhileReadingIsProtocol()
    {
        Assert.Equal(ErrorKind.Protocol, FailureClassifier.Classify(new IOException("connection reset"), timedOut: false).Kind);
    }

    [Fact]
    public void UnexpectedExceptionIsInternalAndNamesItsType()
    {
        FetchError error = FailureClassifier.Classify(new InvalidOperationException("oops"), timedOut: false);

        Assert.Equal(ErrorKind.Internal, error.Kind);
        Assert.Equal("InvalidOperationException: oops", error.Message);
    }

    [Fact]
    public void MessageJoinsTheDistinctMessagesOfTheChain()
    {
        var exception = new HttpRequestException(
            HttpRequestError.ConnectionError, "Connection refused (a.test:80)", new SocketException((int)SocketError.ConnectionRefused));

        FetchError error = FailureClassifier.Classify(exception, timedOut: false);

        Assert.Equal(ErrorKind.Connect, error.Kind);
        Assert.Equal("Connection refused (a.test:80)", error.Message);
    }
}
