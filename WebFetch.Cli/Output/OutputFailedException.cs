using Mono.Unix.Native;
using WebFetch.Errors;
using WebFetch.Input;

namespace WebFetch.Output;

/// <summary>
/// Thrown when a record cannot be written: the reader of a pipe went away (EPIPE), as with
/// <c>webfetch run big.txt | head -5</c>, or the write failed (a full disk, an I/O error).
/// </summary>
internal sealed class OutputFailedException(IOException cause) : Exception(FileErrors.Reason(null, cause), cause)
{
    /// <summary>Whether the output was a pipe whose reader went away, rather than a failed write.</summary>
    public bool ClosedByReader { get; } =
        ExceptionChain.Find<IOException>(cause, e => e.HResult == (int)Errno.EPIPE) is not null; // .NET's IOException carries the errno as its HResult
}
