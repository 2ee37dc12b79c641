namespace WebFetch.Fetching;

/// <summary>Thrown when a response body exceeds the byte cap, counted after decompression.</summary>
internal sealed class BodyTooLargeException(long limit, long bytesRead)
    : Exception($"body exceeds the {limit}-byte limit")
{
    public long BytesRead { get; } = bytesRead;
}
