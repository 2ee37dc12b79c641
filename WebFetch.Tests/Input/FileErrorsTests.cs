using Mono.Unix.Native;
using WebFetch.Input;
using Xunit;

namespace WebFetch.Tests.Input;

/// <summary>File errors in plain words: the real exceptions .NET throws, and the errno-carrying ones it builds for the rest.</summary>
public sealed class FileErrorsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wf-fileerrors-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void AFileInAMissingDirectoryNamesTheDirectory()
    {
        string missing = Path.Combine(_directory, "missing");
        string path = Path.Combine(missing, "x.jsonl");
        Exception error = Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.Create, FileAccess.Write));

        Assert.Equal($"cannot open output file '{path}': directory '{missing}' does not exist", FileErrors.Describe("cannot open output file", path, error));
    }

    [Fact]
    public void ARelativePathKeepsItsDirectoryAsWritten()
    {
        Exception error = new DirectoryNotFoundException("Could not find a part of the path.");

        Assert.Equal("directory 'no-such-dir-here/sub' does not exist", FileErrors.Reason("no-such-dir-here/sub/x.csv", error));
    }

    [Fact]
    public void APathThroughARegularFileNamesThatFile()
    {
        string file = Path.Combine(_directory, "plain.txt");
        File.WriteAllText(file, "");
        string path = Path.Combine(file, "x.jsonl");
        Exception error = Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.Create, FileAccess.Write));

        Assert.Equal($"'{file}' is not a directory", FileErrors.Reason(path, error));
    }

    [Fact]
    public void AMissingFileInAnExistingDirectoryIsNoSuchFile()
    {
        string path = Path.Combine(_directory, "absent.txt");
        Exception error = Assert.Throws<FileNotFoundException>(() => new FileStream(path, FileMode.Open, FileAccess.Read));

        Assert.Equal("no such file", FileErrors.Reason(path, error));
    }

    [Fact]
    public void ADirectoryOpenedAsAFileIsNamedADirectory()
    {
        Exception error = Assert.ThrowsAny<Exception>(() => new FileStream(_directory, FileMode.Open, FileAccess.Write));

        Assert.Equal("it is a directory", FileErrors.Reason(_directory, error));
    }

    [Theory]
    [InlineData(Errno.EACCES, "permission denied")]
    [InlineData(Errno.EPERM, "operation not permitted")]
    [InlineData(Errno.ENOSPC, "no space left on device")]
    [InlineData(Errno.EDQUOT, "disk quota exceeded")]
    [InlineData(Errno.EROFS, "read-only file system")]
    [InlineData(Errno.EMFILE, "too many open files (see ulimit -n)")]
    [InlineData(Errno.ENFILE, "too many open files in the system")]
    [InlineData(Errno.EISDIR, "it is a directory")]
    [InlineData(Errno.EIO, "input/output error")]
    [InlineData(Errno.ELOOP, "too many levels of symbolic links")]
    [InlineData(Errno.EXDEV, "invalid cross-device link")] // no words of its own: the system's, in lower case
    public void AnErrorNumberIsToldInPlainWords(Errno number, string reason)
    {
        // as .NET builds them on Unix: errno as the HResult, alone or inside UnauthorizedAccessException
        var plain = new IOException($"System words : '{_directory}/x'", (int)number);
        var wrapped = new UnauthorizedAccessException("Access to the path is denied.", plain);

        Assert.Equal(reason, FileErrors.Reason(Path.Combine(_directory, "x"), plain));
        Assert.Equal(reason, FileErrors.Reason(Path.Combine(_directory, "x"), wrapped));
    }

    [Fact]
    public void AWriteWithoutAFileNameStillSaysWhy()
    {
        Assert.Equal("no space left on device", FileErrors.Reason(null, new IOException("No space left on device", (int)Errno.ENOSPC)));
        Assert.Equal("permission denied", FileErrors.Reason(null, new UnauthorizedAccessException("Access to the path is denied.")));
        Assert.Equal("no such file", FileErrors.Reason(null, new FileNotFoundException("gone")));
    }

    [Fact]
    public void ATooLongPathSaysSo()
    {
        Assert.Equal("the name is too long", FileErrors.Reason("x", new PathTooLongException()));
    }

    [Fact]
    public void AnErrorWithoutANumberKeepsItsOwnMessage()
    {
        Assert.Equal("something else", FileErrors.Reason("x", new IOException("something else")));
    }
}
