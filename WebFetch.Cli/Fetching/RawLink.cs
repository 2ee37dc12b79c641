namespace WebFetch.Fetching;

/// <summary>
/// A link as a document writes it, before it is resolved: its value, its kind and tag
/// (<see cref="LinkKind"/>, <see cref="Protocol.FoundLink.Tag"/>), the offset in the text of its
/// element's start tag (or of the CSS token), and its text.
/// </summary>
internal readonly record struct RawLink(string Value, string Kind, string Tag, int Offset, string? Text);
