using System.Text;

namespace WebFetch.Fetching;

/// <summary>
/// The start of a body as text, for a record to carry (<see cref="FetchOptions.CaptureBodyBytes"/>):
/// the bytes read as UTF-8, an invalid sequence as U+FFFD, at most the bytes asked for, cut
/// before a character that would not fit whole.
/// </summary>
/// <param name="Text">The text of the bytes kept.</param>
/// <param name="Truncated">Whether the body goes on past them.</param>
internal sealed record BodyCapture(string Text, bool Truncated)
{
    /// <summary>At most <paramref name="limit"/> bytes of <paramref name="body"/> (above zero) as text.</summary>
    public static BodyCapture Of(ReadOnlySpan<byte> body, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (body.Length <= limit)
        {
            return new BodyCapture(Encoding.UTF8.GetString(body), Truncated: false);
        }
        return new BodyCapture(Encoding.UTF8.GetString(body[..CharacterBoundary(body, limit)]), Truncated: true);
    }

    /// <summary>
    /// Where to cut <paramref name="body"/> to keep at most <paramref name="limit"/> bytes: before
    /// the lead byte of a UTF-8 sequence that byte <paramref name="limit"/> continues (a sequence
    /// is at most four bytes), or at the limit when that byte starts a character or continues no
    /// lead byte (the bytes are not UTF-8 there, and each becomes U+FFFD anyway).
    /// </summary>
    private static int CharacterBoundary(ReadOnlySpan<byte> body, int limit)
    {
        int end = limit;
        while (end > 0 && limit - end < 3 && IsContinuation(body[end]))
        {
            end--;
        }
        return body[end] >= 0xC0 ? end : limit;
    }

    private static bool IsContinuation(byte value) => (value & 0xC0) == 0x80;
}
