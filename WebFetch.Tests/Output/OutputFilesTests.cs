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
    public void ADeviceIsOpenedByManyWritersWithoutALock()
    {
        using FileStream first = OutputFiles.Open("/dev/null", append: false);
        using FileStream second = OutputFiles.Open("/dev/null", append: false);

        second.Write("{}\n"u8);
    }
}
