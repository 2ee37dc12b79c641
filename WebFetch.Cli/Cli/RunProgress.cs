using WebFetch.Input;
using WebFetch.Output;
using WebFetch.Supervisor;

namespace WebFetch.Cli;

/// <summary>
/// The progress line on stderr, unless --quiet or stderr is not a terminal, with the total of
/// input lines counted beside the run; its counting stops when it is disposed.
/// </summary>
internal sealed class RunProgress : IAsyncDisposable
{
    private readonly CancellationTokenSource _counting = new();
    private readonly ProgressLine? _line;
    private readonly Task<long?> _total = Task.FromResult<long?>(null);

    /// <param name="skipped">The input lines skipped so far (already in the resume file), which count as done.</param>
    public RunProgress(RunOptions options, RunStatistics statistics, WorkerPool pool, Func<long> skipped)
        : this(options, statistics, () => pool.Alive, "workers", skipped)
    {
    }

    /// <param name="count">What the line counts besides the records (the live workers, the jobs in flight), and <paramref name="unit"/> its name.</param>
    public RunProgress(RunOptions options, RunStatistics statistics, Func<int> count, string unit, Func<long> skipped)
    {
        _line = ProgressLine.StartIfWanted(options.Quiet, () => new ProgressLine.Snapshot(
            statistics.Records + skipped(),
            _total.IsCompletedSuccessfully ? _total.Result : null,
            statistics.Records / Math.Max(statistics.Elapsed.TotalSeconds, 0.001),
            statistics.Failed,
            count(),
            unit));
        if (_line is not null)
        {
            _total = Task.Run(() => LineCounter.CountRecordLines(options.Files, _counting.Token), CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_line is not null)
        {
            await _line.DisposeAsync().ConfigureAwait(false);
        }
        await _counting.CancelAsync().ConfigureAwait(false);
        await _total.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        _counting.Dispose();
    }
}
