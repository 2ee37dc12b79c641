namespace WebFetch.Crawl;

/// <summary>
/// One <c>Allow</c> or <c>Disallow</c> line: its pattern in <see cref="RobotsPath"/>'s normal
/// form, where <c>*</c> stands for any characters and a <c>$</c> at the end for the end of the
/// path (RFC 9309, section 2.2.3); without <c>$</c> the pattern matches any path it begins.
/// </summary>
internal sealed class RobotsRule
{
    private readonly string[] _parts;
    private readonly bool _anchored;

    public RobotsRule(string pattern, bool allow)
    {
        Pattern = pattern;
        Allow = allow;
        _anchored = pattern.EndsWith('$');
        string body = _anchored ? pattern[..^1] : pattern;
        _parts = body.Split('*'); // consecutive stars give empty parts, which match anywhere
    }

    /// <summary>The pattern as written (normalised); its length in octets ranks the rule: the longest match wins.</summary>
    public string Pattern { get; }

    public bool Allow { get; }

    /// <summary>
    /// Whether the pattern matches <paramref name="path"/> (normalised). The literal parts
    /// between stars are found left to right, each at its first place after the one before,
    /// which finds a match whenever there is one; an anchored pattern's last part must end the
    /// path. Time: a few searches of the path per star, not the path's length times the pattern's.
    /// </summary>
    public bool Matches(string path)
    {
        string first = _parts[0];
        if (!path.StartsWith(first, StringComparison.Ordinal))
        {
            return false;
        }
        int position = first.Length;
        if (_parts.Length == 1)
        {
            return !_anchored || position == path.Length;
        }
        for (int i = 1; i < _parts.Length - 1; i++)
        {
            int found = path.IndexOf(_parts[i], position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }
            position = found + _parts[i].Length;
        }
        string last = _parts[^1];
        return _anchored
            ? path.Length - last.Length >= position && path.EndsWith(last, StringComparison.Ordinal)
            : path.IndexOf(last, position, StringComparison.Ordinal) >= 0;
    }

    /// <summary>Orders rules as they are tried: longest pattern first, and at the same length Allow before Disallow (the least strict wins a tie).</summary>
    public static int Precedence(RobotsRule a, RobotsRule b)
    {
        int byLength = b.Pattern.Length.CompareTo(a.Pattern.Length);
        return byLength != 0 ? byLength : b.Allow.CompareTo(a.Allow);
    }
}
