namespace WebFetch.Fetching;

/// <summary>
/// What a page's links are folded by (<see cref="LinkRepeats"/>): a URL or a raw value, with
/// its tag and kind. Hashed by the value alone: one value rarely comes under two tags, and the
/// tag and kind are short and mostly the same string object.
/// </summary>
internal readonly struct LinkKey(string value, string tag, string kind) : IEquatable<LinkKey>
{
    public bool Equals(LinkKey other) =>
        string.Equals(value, other.Value, StringComparison.Ordinal)
        && string.Equals(tag, other.Tag, StringComparison.Ordinal)
        && string.Equals(kind, other.Kind, StringComparison.Ordinal);

    public string Value => value;

    public string Tag => tag;

    public string Kind => kind;

    public override bool Equals(object? obj) => obj is LinkKey other && Equals(other);

    public override int GetHashCode() => string.GetHashCode(value, StringComparison.Ordinal);
}
