using System.Text;
using WebFetch.Output;
using Xunit;

namespace WebFetch.Tests.Output;

/// <summary>The record output writes behind its callers: at once when idle, in batches when busy, bounded, failures kept.</summary>
public sealed class WriteBehindStreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 20_000)]
    public async Task LinesFromManyThreadsAllArriveEachThreadInItsOrder()
    {
        var inner = new GatedStream();
        using var output = new WriteBehindStream(inner);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                output.Write(Encoding.ASCII.GetBytes($"{t} {i}\n"));
            }
        })));
        output.Complete();

        string[] lines = inner.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8_000, lines.Length);
        for (int t = 0; t < 4; t++)
        {
            string prefix = $"{t} ";
            Assert.Equal(
                Enumerable.Range(0, 2_000).Select(i => $"{t} {i}"),
                lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)));
        }
    }

    [Fact] // bounded by its own waits
    public void AnIdleOutputGetsALineWithoutAnyFlush()
    {
        var inner = new GatedStream();
        using var output = new WriteBehindStream(inner);

        output.Write("first\n"u8);

        Assert.True(inner.WaitForWrites(1, Bound));
        Assert.Equal("first\n", inner.Text);
    }

    [Fact] // bounded by its own waits
    public void LinesWrittenWhileTheOutputIsBusyGoOutInOneWrite()
    {
        var inner = new GatedStream { Blocked = true };
        using var output = new WriteBehindStream(inner);
        output.Write("first\n"u8);
        Assert.True(inner.WaitForEntered(1, Bound)); // the thread sits in the first write

        for (int i = 0; i < 100; i++)
        {
            output.Write("more\n"u8);
        }
        inner.Release();
        output.Complete();

        Assert.Equal(2, inner.Writes);
        Assert.Equal(6 + 100 * 5, inner.Text.Length);
    }

    [Fact] // bounded by its own waits
    public void ASlowReaderTurnsHasRoomOffWithoutBlockingTheWriterAndTheRoomComingBackIsAnnounced()
    {
        var inner = new GatedStream { Blocked = true };
        using var output = new WriteBehindStream(inner);
        using var room = new ManualResetEventSlim();
        output.OnRoom(room.Set);
        output.Write("first\n"u8);
        Assert.True(inner.WaitForEntered(1, Bound)); // the thread sits in the first write
        byte[] chunk = new byte[WriteBehindStream.MaxPending / 4];

        for (int i = 0; i < 8; i++)
        {
            output.Write(chunk); // twice MaxPending: accepted at once, nobody blocks
        }

        Assert.False(output.HasRoom);
        Assert.False(room.IsSet);
        inner.Release();
        Assert.True(room.Wait(Bound), "the room coming back was not announced");
        output.Complete();
        Assert.True(output.HasRoom);
        Assert.Equal(6 + 8 * chunk.Length, inner.Length);
    }

    [Fact(Timeout = 30_000)]
    public async Task PastTheHardLimitAWriterWaitsForTheSlowReader()
    {
        var inner = new GatedStream { Blocked = true };
        using var output = new WriteBehindStream(inner);
        output.Write("first\n"u8);
        Assert.True(inner.WaitForEntered(1, Bound));
        byte[] chunk = new byte[WriteBehindStream.HardLimit / 4];

        Task writer = Task.Run(() =>
        {
            for (int i = 0; i < 8; i++)
            {
                output.Write(chunk);
            }
        });

        await Task.WhenAny(writer, Task.Delay(TimeSpan.FromMilliseconds(300)));
        Assert.False(writer.IsCompleted, "the writer should wait past the hard limit");
        inner.Release();
        await writer.WaitAsync(Bound);
        output.Complete();
        Assert.Equal(6 + 8 * chunk.Length, inner.Length);
    }

    [Fact(Timeout = 30_000)]
    public async Task AWriterWaitingPastTheHardLimitGoesOnOnceToldToStopWaiting()
    {
        var inner = new GatedStream { Blocked = true };
        var output = new WriteBehindStream(inner);
        output.Write("first\n"u8);
        Assert.True(inner.WaitForEntered(1, Bound));
        byte[] chunk = new byte[WriteBehindStream.HardLimit / 4];
        Task writer = Task.Run(() =>
        {
            for (int i = 0; i < 8; i++)
            {
                output.Write(chunk);
            }
        });
        await Task.WhenAny(writer, Task.Delay(TimeSpan.FromMilliseconds(300)));
        Assert.False(writer.IsCompleted, "the writer should wait past the hard limit");

        output.StopWaiting();

        await writer.WaitAsync(Bound);
        using var giveUp = new CancellationTokenSource();
        await giveUp.CancelAsync();
        Assert.False(output.Complete(giveUp.Token)); // the reader still takes nothing: the rest is abandoned
        output.Dispose();
        inner.Release();
    }

    [Fact] // bounded by its own waits
    public void AFailedWriteIsThrownByTheNextWriteAndByComplete()
    {
        var inner = new GatedStream { Failure = new IOException("Broken pipe") };
        using var output = new WriteBehindStream(inner);

        output.Write("lost\n"u8); // accepted; the thread's write fails
        Assert.True(inner.WaitForEntered(1, Bound));
        IOException? thrown = null;
        var deadline = DateTime.UtcNow + Bound;
        while (thrown is null && DateTime.UtcNow < deadline)
        {
            thrown = Record.Exception(() => output.Write("next\n"u8)) as IOException;
            Thread.Sleep(10);
        }

        Assert.NotNull(thrown);
        Assert.Contains("Broken pipe", thrown.Message, StringComparison.Ordinal);
        Assert.Throws<IOException>(() => output.Complete());
    }

    [Fact(Timeout = 20_000)]
    public async Task CompletingGivesUpOnAStalledReaderOnlyOnceToldToAndOneLastSecondLater()
    {
        var inner = new GatedStream { Blocked = true };
        var output = new WriteBehindStream(inner);
        output.Write("stuck\n"u8);
        Assert.True(inner.WaitForEntered(1, Bound));
        using var giveUp = new CancellationTokenSource();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Task<bool> completing = Task.Run(() => output.Complete(giveUp.Token));
        await Task.WhenAny(completing, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.False(completing.IsCompleted, "gave up before it was told to");
        giveUp.Cancel();

        Assert.False(await completing.WaitAsync(Bound));
        Assert.InRange(watch.Elapsed, Timings.OutputLastChance, Bound);
        output.Dispose(); // does not wait for the stalled write again
        inner.Release();
    }

    /// <summary>An in-memory stream that counts writes, can hold them until released, or fail them.</summary>
    private sealed class GatedStream : Stream
    {
        private readonly MemoryStream _data = new();
        private readonly ManualResetEventSlim _open = new(true);
        private int _entered;
        private int _writes;

        public bool Blocked
        {
            init
            {
                if (value)
                {
                    _open.Reset();
                }
            }
        }

        public IOException? Failure { get; init; }

        public int Writes => Volatile.Read(ref _writes);

        public string Text
        {
            get
            {
                lock (_data)
                {
                    return Encoding.ASCII.GetString(_data.ToArray());
                }
            }
        }

        public override long Length
        {
            get
            {
                lock (_data)
                {
                    return _data.Length;
                }
            }
        }

        public void Release() => _open.Set();

        public bool WaitForEntered(int count, TimeSpan limit) => SpinWait.SpinUntil(() => Volatile.Read(ref _entered) >= count, limit);

        public bool WaitForWrites(int count, TimeSpan limit) => SpinWait.SpinUntil(() => Writes >= count, limit);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Interlocked.Increment(ref _entered);
            if (Failure is not null)
            {
                throw Failure;
            }
            _open.Wait();
            lock (_data)
            {
                _data.Write(buffer);
            }
            Interlocked.Increment(ref _writes);
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _open.Dispose();
                _data.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
