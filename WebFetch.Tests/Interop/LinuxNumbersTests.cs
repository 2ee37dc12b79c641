using Mono.Unix.Native;
using WebFetch.Interop;
using Xunit;

namespace WebFetch.Tests.Interop;

/// <summary>The code passes some Mono.Posix names to the system as plain numbers: each must be the number the system itself uses.</summary>
public sealed class LinuxNumbersTests
{
    [Theory]
    [InlineData(Errno.EAGAIN)]
    [InlineData(Errno.EACCES)]
    [InlineData(Errno.EBADF)]
    [InlineData(Errno.EPIPE)]
    [InlineData(Errno.EMFILE)]
    [InlineData(Errno.ENFILE)]
    [InlineData(Errno.ENOMEM)]
    public void AMonoPosixErrorNumberIsTheSystemsOwn(Errno error)
    {
        Assert.Equal((int)error, NativeConvert.FromErrno(error));
    }

    [Fact]
    public void TheMonoPosixFlagsAndCommandsUsedAsNumbersAreTheSystemsOwn()
    {
        Assert.Equal((int)OpenFlags.O_NONBLOCK, NativeConvert.FromOpenFlags(OpenFlags.O_NONBLOCK));
        Assert.Equal((int)OpenFlags.O_RDWR, NativeConvert.FromOpenFlags(OpenFlags.O_RDWR));
        Assert.Equal((int)FcntlCommand.F_GETFD, NativeConvert.FromFcntlCommand(FcntlCommand.F_GETFD));
        Assert.Equal((short)LockType.F_WRLCK, NativeConvert.FromLockType(LockType.F_WRLCK));
        Assert.Equal((short)LockType.F_UNLCK, NativeConvert.FromLockType(LockType.F_UNLCK));
        Assert.Equal((int)UnixSocketOptionName.SO_PEERCRED, NativeConvert.FromUnixSocketOptionName(UnixSocketOptionName.SO_PEERCRED));
    }

    [Theory]
    [InlineData(Signum.SIGHUP)]
    [InlineData(Signum.SIGINT)]
    [InlineData(Signum.SIGILL)]
    [InlineData(Signum.SIGABRT)]
    [InlineData(Signum.SIGBUS)]
    [InlineData(Signum.SIGKILL)]
    [InlineData(Signum.SIGSEGV)]
    [InlineData(Signum.SIGPIPE)]
    [InlineData(Signum.SIGTERM)]
    public void AMonoPosixSignalNumberIsTheSystemsOwn(Signum signal)
    {
        Assert.Equal((int)signal, NativeConvert.FromSignum(signal));
    }

    [Fact]
    public void TheSocketLevelIsTheSystemsNumberNotMonoPosixsOwn()
    {
        Assert.Equal(Libc.SOL_SOCKET, NativeConvert.FromUnixSocketProtocol(UnixSocketProtocol.SOL_SOCKET));
    }
}
