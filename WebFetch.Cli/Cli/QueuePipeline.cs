using Serilog;
using WebFetch.Input;
using WebFetch.Pipeline;
using WebFetch.Queue;

namespace WebFetch.Cli;

/// <summary>
/// What <c>run --queue</c> and <c>crawl --queue</c> do alike around their pipeline: open the
/// run in the queue under the run's stop state, and run the dispatcher over the source while
/// watching that the run's records can still be read.
/// </summary>
internal static class QueuePipeline
{
    /// <summary>The run in the queue; null when a second SIGINT came while connecting (nothing was published). Stopped while connecting, it withdraws at once.</summary>
    public static async Task<Collector?> OpenAsync(QueueAddress queue, Collector.Settings settings, RunStop stop)
    {
        Collector collector;
        try
        {
            collector = await Collector.OpenAsync(queue, settings, stop.Cause, stop.Aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsAborted)
        {
            return null;
        }
        if (stop.InputStopped.IsCancellationRequested)
        {
            collector.Withdraw(); // stopped while connecting
        }
        return collector;
    }

    /// <summary>Every URL of <paramref name="source"/> through the queue, until it ends or the run stops; true when the records could no longer be read (the run aborted then).</summary>
    public static async Task<bool> RunAsync(Dispatcher dispatcher, IUrlSource source, Collector collector, RunStop stop)
    {
        bool recordsLost = false;
        Task pipeline = dispatcher.RunAsync(source, stop.InputStopped, stop.Aborted);
        if (await Task.WhenAny(pipeline, collector.RecordsFailed).ConfigureAwait(false) != pipeline)
        {
            recordsLost = true;
            Log.Error("the run's records can no longer be read from the queue; stopping");
            stop.Abort("the run's records could no longer be read from the queue");
        }
        await pipeline.ConfigureAwait(false);
        return recordsLost;
    }
}
