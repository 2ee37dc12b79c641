namespace WebFetch.Output;

/// <summary>Thrown when the reader of stdout went away (EPIPE), as with <c>webfetch run big.txt | head -5</c>.</summary>
internal sealed class OutputClosedException(Exception inner) : Exception("stdout was closed by its reader", inner);
