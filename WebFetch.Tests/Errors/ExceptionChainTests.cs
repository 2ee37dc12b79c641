using System.Net.Sockets;
using WebFetch.Errors;
using Xunit;

namespace WebFetch.Tests.Errors;

public sealed class ExceptionChainTests
{
    private static readonly SocketException Refused = new((int)SocketError.ConnectionRefused);

    private static readonly HttpRequestException Wrapped =
        new("An error occurred while sending the request.", new IOException("Unable to read data from the transport connection.", Refused));

    [Fact]
    public void TheChainGoesFromTheOutermostExceptionToTheInnermost()
    {
        Assert.Equal([Wrapped, Wrapped.InnerException!, Refused], ExceptionChain.Of(Wrapped));
    }

    [Fact]
    public void NoExceptionIsAnEmptyChain()
    {
        Assert.Empty(ExceptionChain.Of(null));
        Assert.Null(ExceptionChain.Find<IOException>(null));
        Assert.False(ExceptionChain.Has<IOException>(null));
    }

    [Fact]
    public void FindGivesTheOutermostExceptionOfTheTypeThatMatches()
    {
        var inner = new IOException("inner") { HResult = 32 };
        var outer = new IOException("outer", inner);

        Assert.Same(outer, ExceptionChain.Find<IOException>(outer));
        Assert.Same(inner, ExceptionChain.Find<IOException>(outer, e => e.HResult == 32));
        Assert.Null(ExceptionChain.Find<IOException>(outer, e => e.HResult == 5));
        Assert.Same(Refused, ExceptionChain.Find<SocketException>(Wrapped));
    }

    [Fact]
    public void HasLooksUnderTheWrappers()
    {
        Assert.True(ExceptionChain.Has<SocketException>(Wrapped));
        Assert.True(ExceptionChain.Has<TimeoutException>(new TaskCanceledException("connect", new TimeoutException())));
        Assert.False(ExceptionChain.Has<TimeoutException>(Wrapped));
    }

    [Fact]
    public void TheInnermostExceptionIsTheOneNothingIsWrappedIn()
    {
        Assert.Same(Refused, ExceptionChain.Innermost(Wrapped));
        Assert.Same(Refused, ExceptionChain.Innermost(Refused));
    }
}
