namespace WebFetch.Input;

/// <summary>
/// Where a run's URLs come from: one <see cref="InputLine"/> per line, in order, valid or not
/// (an invalid line is data too: it gets its record). The pipeline reads a source on a task of
/// its own and may abandon a pending read when the run stops, so a source need not wake up
/// for a stop itself. Today's source is <see cref="InputFiles"/>.
/// </summary>
internal interface IUrlSource
{
    IAsyncEnumerable<InputLine> ReadAsync(CancellationToken cancellationToken);
}
