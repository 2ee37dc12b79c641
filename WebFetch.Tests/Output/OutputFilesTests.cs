using WebFetch.Input;
using WebFetch.Output;
using Xunit;

namespace WebFetch.Tests.Output;

/// <summary>Output and resume files: one writer at a time for a regular file, devices as they are.</summary>
public sealed class OutputFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wf-outputfiles-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void AFileAnotherWriterHoldsIsRefusedAndNotEmptied()
    {
        string path = Path.Combine(_directory, "records.jsonl");
        File.WriteAllText(path, "{\"url\":\"kept\"}\n");
        IOException refused;
        using (FileStream holder = OutputFiles.Open(path, append: true))
        {
            refused = Assert.ThrowsAny<IOException>(() => OutputFiles.Open(path, append: false));
        }

        Assert.True(OutputFiles.InUse(refused));
        Assert.Equal("{\"url\":\"kept\"}\n", File.ReadAllText(path));
    }

    [Fact]
    public void ARunThatOpenedAFileJustBeforeItWasRewrittenLocksTheNewFileNotTheOldOne()
    {
        string path = Path.Combine(_directory, "records.jsonl");
        File.WriteAllText(path, "{\"url\":\"old\"}\n{\"url\":\"old\"}\n");
        FileStream first = OutputFiles.Open(path, append: true);
        FileStream? rewritten = null;
        IOException refused;
        try
        {
            // the second run opens the old file; before it locks it, the first run rewrites the file and lets the old one go
            refused = Assert.ThrowsAny<IOException>(() => OutputFiles.Open(path, append: true, betweenOpenAndLock: () =>
            {
                rewritten = ResumeRewrite.Run(first, path);
                first.Dispose();
            }));
        }
        finally
        {
            first.Dispose();
            rewritten?.Dispose();
        }

        Assert.NotNull(rewritten);
        Assert.True(OutputFiles.InUse(refused)); // the new file was held: not the nameless old one
        using FileStream after = OutputFiles.Open(path, append: true);
        Assert.Equal(FileIdentity.Of(path), FileIdentity.Of(after.SafeFileHandle));
        Assert.Equal(["{\"url\":\"old\"}"], File.ReadAllLines(path));
    }

    [Fact]
    public void ARunThatLocksAFileRenamedOverMeanwhileOpensItAgainByItsName()
    {
        string path = Path.Combine(_directory, "records.jsonl");
        File.WriteAllText(path, "old\n");
        string replacement = Path.Combine(_directory, "replacement");
        File.WriteAllText(replacement, "new\n");

        using FileStream opened = OutputFiles.Open(path, append: true, betweenOpenAndLock: () => File.Move(replacement, path, overwrite: true));

        Assert.Equal(FileIdentity.Of(path), FileIdentity.Of(opened.SafeFileHandle));
        Assert.Equal(4, opened.Length); // "new\n", not the old file it first opened
    }

    [Fact]
    public void AnOutputFileIsEmptiedOnceHeldAndFreeAgainWhenClosed()
    {
        string path = Path.Combine(_directory, "records.jsonl");
        File.WriteAllText(path, "old\n");

        using (FileStream first = OutputFiles.Open(path, append: false))
        {
            Assert.Equal(0, first.Length);
        }
        using FileStream second = OutputFiles.Open(path, append: true);
        Assert.Equal(0, second.Length);
    }

    [Fact]
    public void ADotNetReaderIsNotKeptOutWhileARunHoldsTheFile()
    {
        string path = Path.Combine(_directory, "records.jsonl");
        using FileStream holder = OutputFiles.Open(path, append: false);
        holder.Write("{\"url\":\"a\"}\n"u8);

        // FileShare.Read and read access: .NET takes a shared flock, which an exclusive flock would refuse.
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read));

        Assert.Equal("{\"url\":\"a\"}", reader.ReadLine());
        Assert.True(OutputFiles.InUse(Assert.ThrowsAny<IOException>(() => OutputFiles.Open(path, append: true))));
    }

    [Fact]
    public void ADeviceIsOpenedByManyWritersWithoutALock()
    {
        using FileStream first = OutputFiles.Open("/dev/null", append: false);
        using FileStream second = OutputFiles.Open("/dev/null", append: false);

        second.Write("{}\n"u8);
    }
}
