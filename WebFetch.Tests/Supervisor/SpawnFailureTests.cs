using System.ComponentModel;
using WebFetch.Supervisor;
using Xunit;

namespace WebFetch.Tests.Supervisor;

public sealed class SpawnFailureTests
{
    [Theory]
    [InlineData(24, "too many open files (the limit, ulimit -n, is reached): raise the limit or use fewer workers")]
    [InlineData(11, "no more processes allowed (the limit, ulimit -u, is reached): raise the limit or use fewer workers")]
    [InlineData(12, "not enough memory to start a process")]
    public void AProcessTheSystemWillNotStartIsToldInPlainWordsWithWhatToDo(int errno, string reason)
    {
        Assert.Equal(reason, SpawnFailure.Describe(new Win32Exception(errno)));
    }

    [Fact]
    public void AnyOtherFailureKeepsItsOwnMessage()
    {
        Assert.Equal("fcntl(F_GETFD) on the listener failed: EBADF", SpawnFailure.Describe(new IOException("fcntl(F_GETFD) on the listener failed: EBADF")));
    }
}
