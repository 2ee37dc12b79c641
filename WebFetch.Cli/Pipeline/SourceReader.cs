using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Serilog;
using WebFetch.Input;

namespace WebFetch.Pipeline;

/// <summary>
/// Reads a <see cref="IUrlSource"/> on a task of its own into a small buffer the dispatcher
/// takes lines from (<see cref="Lines"/>), calling <c>arrived</c> for each line and at the end.
/// A stop ends reading even while a read blocks (an idle terminal or pipe on stdin cannot be
/// cancelled): the pending read is abandoned.
/// </summary>
internal sealed class SourceReader
{
    /// <summary>Lines read but not yet admitted (on top of the look-ahead): enough to keep the dispatcher fed between two of its passes.</summary>
    private const int Buffer = 64;

    private readonly Channel<InputLine> _lines = Channel.CreateBounded<InputLine>(new BoundedChannelOptions(Buffer) { SingleReader = true, SingleWriter = true });

    /// <summary>Starts reading <paramref name="source"/> until it ends or <paramref name="stop"/> fires.</summary>
    public SourceReader(IUrlSource source, Action arrived, CancellationToken stop)
    {
        Reading = ReadAsync(source, arrived, stop);
    }

    private InputLine? _unwritten;

    /// <summary>
    /// Takes the next line read, if one is there: from the buffer, then, once reading has
    /// stopped, the line that was read while the buffer was full.
    /// </summary>
    public bool TryRead([NotNullWhen(true)] out InputLine? line)
    {
        if (_lines.Reader.TryRead(out line))
        {
            return true;
        }
        line = _lines.Reader.Completion.IsCompleted ? Interlocked.Exchange(ref _unwritten, null) : null;
        return line is not null;
    }

    /// <summary>Ends when reading ends; faults when the source failed midway (an input file that cannot be read), which fails the run.</summary>
    public Task Reading { get; }

    /// <summary>Whether the source has ended (or reading stopped) and every line read was taken.</summary>
    public bool Exhausted => _lines.Reader.Completion.IsCompleted && Volatile.Read(ref _unwritten) is null;

    private async Task ReadAsync(IUrlSource source, Action arrived, CancellationToken stop)
    {
        await Task.Yield();
        try
        {
            await foreach (InputLine line in Interruptible(source.ReadAsync(CancellationToken.None), stop).ConfigureAwait(false))
            {
                try
                {
                    await _lines.Writer.WriteAsync(line, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    Volatile.Write(ref _unwritten, line); // read, so it gets its record: after the buffered ones
                    throw;
                }
                arrived();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Log.Debug("stopped reading input; waiting for the URLs in flight");
        }
        finally
        {
            _lines.Writer.TryComplete();
            arrived();
        }
    }

    private static async IAsyncEnumerable<InputLine> Interruptible(
        IAsyncEnumerable<InputLine> input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<InputLine> lines = input.GetAsyncEnumerator(cancellationToken);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenRegistration registration = cancellationToken.Register(() => stopped.TrySetResult());
        bool abandoned = false;
        try
        {
            while (true)
            {
                Task<bool> next = lines.MoveNextAsync().AsTask();
                if (await Task.WhenAny(next, stopped.Task).ConfigureAwait(false) != next)
                {
                    abandoned = true;
                    _ = next.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observe a late failure
                    cancellationToken.ThrowIfCancellationRequested();
                }
                if (!await next.ConfigureAwait(false))
                {
                    yield break;
                }
                yield return lines.Current;
            }
        }
        finally
        {
            if (!abandoned)
            {
                await lines.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
