using WebFetch.Fetching;

namespace WebFetch.Cli;

/// <summary>
/// The <c>-H</c> headers, given inline or read from files, and the warnings about those
/// files (one that other users can read), logged when the run starts.
/// </summary>
internal sealed record HeaderList(HeaderField[] Fields, string[] Warnings)
{
    public static readonly HeaderList Empty = new([], []);
}
