using System.Runtime.InteropServices;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Protocol;

/// <summary>The done URLs a crawl shares with its workers: the crawl's side and a worker's, each its own mapping of the one memory file.</summary>
public sealed class DoneUrlTableTests : IDisposable
{
    /// <summary>SEEK_DATA from &lt;unistd.h&gt;: the next offset with data (memory, in a memory file) at or after the one given.</summary>
    private const int SeekData = 3;

    [DllImport("libc", SetLastError = true)]
    private static extern long lseek(int fd, long offset, int whence);

    private readonly DoneUrlTable _crawl = DoneUrlTable.Create(out string? problem) ?? throw new InvalidOperationException(problem);

    public void Dispose() => _crawl.Dispose();

    private DoneUrlTable Worker() => DoneUrlTable.Open(_crawl.Fd, out string? problem) ?? throw new InvalidOperationException(problem);

    private static string Page(int i) => $"http://127.0.0.1/docs/page{i}.html";

    [Fact]
    public void AWorkerFindsTheUrlsAddedBeforeAndAfterItOpenedTheTableAndNoOther()
    {
        _crawl.Add(Page(1));
        using DoneUrlTable worker = Worker();
        _crawl.Add(Page(2));

        Assert.True(worker.Contains(Page(1)));
        Assert.True(worker.Contains(Page(2)));
        Assert.False(worker.Contains(Page(3)));
        Assert.False(worker.Contains(Page(1) + "#intro"));
        Assert.False(worker.Contains(""));
    }

    [Fact]
    public void AUrlAddedTwiceIsCountedOnce()
    {
        Assert.True(_crawl.Add(Page(1)));
        Assert.False(_crawl.Add(Page(1)));
        Assert.Equal(1, _crawl.Count);
    }

    [Fact]
    public void AWorkerFollowsTheTableAsItGrowsFromRegionToRegion()
    {
        using DoneUrlTable worker = Worker();
        for (int i = 0; i < 20_000; i++) // regions of 4,096, 8,192, 16,384 and 32,768 entries, each grown from at three quarters
        {
            _crawl.Add(Page(i));
        }

        Assert.Equal(3, worker.Region);
        Assert.All(Enumerable.Range(0, 20_000), i => Assert.True(worker.Contains(Page(i))));
        Assert.DoesNotContain(Enumerable.Range(20_000, 20_000), i => worker.Contains(Page(i)));
    }

    [Fact]
    public void AGrownRegionsMemoryIsFreed()
    {
        for (int i = 0; i < 3_072; i++) // the first region, three quarters full: the table grows into the second
        {
            _crawl.Add(Page(i));
        }

        Assert.Equal(1, _crawl.Region);
        // SEEK_DATA finds the first byte with memory behind it: the header's page, then none until the second region
        Assert.Equal(0, lseek(_crawl.Fd, 0, SeekData));
        Assert.Equal(4096 + 32_768, lseek(_crawl.Fd, 4096, SeekData));
    }

    [Fact(Timeout = 60_000)]
    public async Task PastItsLastRegionTheTableAddsNothingAndKeepsWhatItHas()
    {
        await Task.Run(() =>
        {
            int i = 0;
            while (_crawl.Add(Page(i)))
            {
                i++;
            }
            Assert.True(_crawl.IsFull);
            Assert.Equal(DoneUrlTable.MaxUrls, i);
            Assert.Equal(393_216, i);
            Assert.False(_crawl.Add(Page(i + 1)));
            using DoneUrlTable worker = Worker();
            Assert.True(worker.Contains(Page(0)));
            Assert.True(worker.Contains(Page(i - 1)));
            Assert.False(worker.Contains(Page(i + 1)));
        });
    }

    [Fact]
    public void AWorkersTableIsReadOnly()
    {
        using DoneUrlTable worker = Worker();

        Assert.Throws<InvalidOperationException>(() => worker.Add(Page(1)));
    }

    [Fact]
    public void ADescriptorThatIsNotTheTableIsRefusedWithWhatItIs()
    {
        string file = Path.GetTempFileName();
        try
        {
            using FileStream stream = File.OpenRead(file);
            int fd = (int)stream.SafeFileHandle.DangerousGetHandle();

            Assert.Null(DoneUrlTable.Open(fd, out string? problem));
            Assert.Equal($"done_table_fd {fd} is not the crawl's table of done URLs", problem);
            Assert.Null(DoneUrlTable.Open(9_999, out problem));
            Assert.Equal("done_table_fd 9999 is not an open file descriptor of this process", problem);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
