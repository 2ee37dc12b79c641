namespace WebFetch.Cli;

/// <summary>How writing the records went, as far as the exit code is concerned.</summary>
internal enum OutputFault
{
    /// <summary>Every write the run made succeeded (a stop may still have left records unwritten).</summary>
    None,

    /// <summary>The reader of stdout went away (EPIPE, <c>| head</c>): it has what it wanted.</summary>
    StdoutClosedByReader,

    /// <summary>A write failed (a full disk, a reader gone from a named output file): an error.</summary>
    WriteFailed,
}
