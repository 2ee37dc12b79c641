namespace WebFetch.Text;

/// <summary>Which bytes end a line for a <see cref="LineSplitter"/>.</summary>
internal enum LineEnds
{
    /// <summary>LF only: a CR before it stays in the line (JSON Lines, the dispatch protocol).</summary>
    Lf,

    /// <summary>LF, CRLF or a lone CR (as old Mac editors write), none of them part of the line (input files).</summary>
    AnyNewline,
}
