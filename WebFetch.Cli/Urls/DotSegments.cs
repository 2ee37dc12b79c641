namespace WebFetch.Urls;

/// <summary>
/// The path segments the URL Standard reads as <c>.</c> and <c>..</c>, in any mix of the
/// literal dot and <c>%2e</c> (either case).
/// </summary>
internal static class DotSegments
{
    public static bool IsSingleDot(ReadOnlySpan<char> segment) =>
        segment is "." || segment.Equals("%2e", StringComparison.OrdinalIgnoreCase);

    public static bool IsDoubleDot(ReadOnlySpan<char> segment) => segment.Length switch
    {
        2 => segment is "..",
        4 => segment.Equals(".%2e", StringComparison.OrdinalIgnoreCase) || segment.Equals("%2e.", StringComparison.OrdinalIgnoreCase),
        6 => segment.Equals("%2e%2e", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}
