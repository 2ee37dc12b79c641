using AngleSharp.Dom;

namespace WebFetch.Fetching;

/// <summary>
/// A link as a document writes it, before it is resolved: its value, its kind and tag
/// (<see cref="LinkKind"/>, <see cref="Protocol.FoundLink.Tag"/>), the offset in the text of its
/// element's start tag (or of the CSS token), and its text, or the a element whose text is read
/// from the page once the link is known to be sent (<paramref name="TextOf"/>, <see cref="LinkText.Of"/>):
/// a link a page repeats, or one to its own anchors, is not sent, and its text is not read.
/// </summary>
internal readonly record struct RawLink(string Value, string Kind, string Tag, int Offset, string? Text, IElement? TextOf = null);
