using System.Globalization;

namespace WebFetch.Cli;

/// <summary>
/// The live progress line on stderr, for a terminal only: redrawn in place (<c>\r</c>) four
/// times a second with what is done (and the total, when the input files could be counted),
/// the rate, the failures and the live workers; erased when the run ends.
/// </summary>
internal sealed class ProgressLine : IAsyncDisposable
{
    private readonly TextWriter _stderr;
    private readonly Func<ProgressLine.Snapshot> _read;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _drawing;

    private ProgressLine(TextWriter stderr, Func<Snapshot> read)
    {
        _stderr = stderr;
        _read = read;
        _drawing = Task.Run(DrawAsync);
    }

    /// <summary>What the line shows.</summary>
    /// <param name="Unit">What <paramref name="Workers"/> counts: the live workers, or the jobs a queue holds.</param>
    internal readonly record struct Snapshot(long Done, long? Total, double PerSecond, long Failed, int Workers, string Unit = "workers");

    /// <summary>Starts the line when stderr is a terminal and the run is not quiet; else null (nothing is ever written).</summary>
    public static ProgressLine? StartIfWanted(bool quiet, Func<Snapshot> read) =>
        quiet || Console.IsErrorRedirected ? null : new ProgressLine(Console.Error, read);

    public static string Format(Snapshot s)
    {
        var text = new System.Text.StringBuilder("webfetch: ");
        text.Append(CultureInfo.InvariantCulture, $"{s.Done}");
        if (s.Total is long total && total > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"/{total} ({Math.Min(100.0, 100.0 * s.Done / total):0.0}%)");
        }
        text.Append(CultureInfo.InvariantCulture, $" done, {s.PerSecond:0.0}/s, {s.Failed} failed, {s.Workers} {s.Unit}");
        return text.ToString();
    }

    private async Task DrawAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(Timings.ProgressRedraw);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await _stderr.WriteAsync($"\r{Format(_read())}\u001b[K").ConfigureAwait(false);
                await _stderr.FlushAsync(_stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the run ended
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _drawing.ConfigureAwait(false);
        await _stderr.WriteAsync("\r\u001b[K").ConfigureAwait(false);
        await _stderr.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
    }
}
