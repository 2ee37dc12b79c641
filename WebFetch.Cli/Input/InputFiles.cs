namespace WebFetch.Input;

/// <summary>The URLs of files read in order, <c>-</c> standing for stdin (<see cref="InputReader"/>).</summary>
internal sealed class InputFiles(IReadOnlyList<string> files, Func<Stream> openStdin) : IUrlSource
{
    public IAsyncEnumerable<InputLine> ReadAsync(CancellationToken cancellationToken) =>
        InputReader.ReadAsync(files, openStdin, cancellationToken);
}
