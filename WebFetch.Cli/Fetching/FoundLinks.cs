using AngleSharp.Dom;
using WebFetch.Protocol;
using WebFetch.Urls;

namespace WebFetch.Fetching;

/// <summary>
/// The found links of a document from its raw ones: each resolved against the document's
/// base URL (a plain relative reference by <see cref="PlainReferences"/>, any other by the
/// parser; a value that does not parse is kept as written, marked invalid), placed at its
/// line and column, a link repeated on the page reported once with its count
/// (<see cref="LinkRepeats"/>: a repeat is neither placed nor made), and the list bounded by <see cref="Defaults.MaxFoundLinkBytes"/>.
/// A link to one of the page's own anchors is left out when asked (<see cref="OwnAnchors"/>), and
/// so is one the crawl would pass over (<see cref="LinksLeftOut"/>).
/// </summary>
internal static class FoundLinks
{
    /// <summary>Bytes of a found link's JSON besides its values: keys, quotes, punctuation and the comma after it.</summary>
    private const int LinkOverheadBytes = 53;

    /// <summary>Marks a value in <c>written</c> whose link is left out: its repeats are too.</summary>
    private const int LeftOut = -1;

    /// <summary>Largest tables, in links, a thread keeps for its next page; larger ones are left to the collector.</summary>
    private const int MaxKeptLinks = 32_768;

    /// <summary>
    /// The tables of a page's links, the thread's own between pages: made for every page, they
    /// grow to the page's size (past 85,000 bytes, large objects) and were a good part of a
    /// crawl's worker's allocations. Resolution runs on one thread and is not re-entered.
    /// </summary>
    [ThreadStatic]
    private static LinkRepeats? t_repeats;

    [ThreadStatic]
    private static Dictionary<LinkKey, int>? t_written;

    public static List<FoundLink> Resolve(List<RawLink> raw, Url baseUrl, LineIndex lines, out bool truncated) =>
        Resolve(raw, baseUrl, lines, [], texts: null, own: null, leftOut: null, out truncated);

    /// <summary>
    /// As above; the text of a link that names its a element (<see cref="RawLink.TextOf"/>) is read
    /// from <paramref name="page"/> by <paramref name="texts"/> when the link is placed; with
    /// <paramref name="own"/>, the links to the page's own anchors that it has are left out; with
    /// <paramref name="leftOut"/>, those the crawl would pass over.
    /// </summary>
    public static List<FoundLink> Resolve(
        List<RawLink> raw, Url baseUrl, LineIndex lines, ReadOnlySpan<char> page, LinkText? texts, OwnAnchors? own, LinksLeftOut? leftOut, out bool truncated)
    {
        LinkRepeats repeats = t_repeats ?? new();
        Dictionary<LinkKey, int> written = t_written ?? []; // a page repeats its links as written: each value is resolved once
        (t_repeats, t_written) = (null, null);
        try
        {
            return Bounded(Resolve(raw, baseUrl, lines, page, texts, own, leftOut, repeats, written), out truncated);
        }
        finally
        {
            if (repeats.Count <= MaxKeptLinks)
            {
                repeats.Clear();
                t_repeats = repeats;
            }
            if (written.Count <= MaxKeptLinks)
            {
                written.Clear();
                t_written = written;
            }
        }
    }

    private static List<FoundLink> Resolve(
        List<RawLink> raw, Url baseUrl, LineIndex lines, ReadOnlySpan<char> page, LinkText? texts, OwnAnchors? own, LinksLeftOut? leftOut,
        LinkRepeats repeats, Dictionary<LinkKey, int> written)
    {
        PlainReferences? plain = PlainReferences.For(baseUrl.Href);
        foreach (RawLink link in raw)
        {
            if (own?.HasWritten(link.Value) == true || leftOut?.AsWritten(link) == true)
            {
                continue; // most of them on documentation pages: known before any table is asked
            }
            var key = new LinkKey(link.Value, link.Tag, link.Kind);
            if (written.TryGetValue(key, out int at))
            {
                if (at != LeftOut)
                {
                    repeats.Repeat(at);
                }
                continue;
            }
            string? href = plain?.Resolve(link.Value);
            if (href is null)
            {
                var url = new Url(baseUrl, link.Value);
                href = url.IsInvalid ? null : url.Href;
            }
            if (href is not null && (own?.Has(href) == true || leftOut?.Resolved(link, href) == true))
            {
                written[key] = LeftOut;
                continue;
            }
            at = repeats.IndexOf(href ?? link.Value, link.Tag, link.Kind);
            if (at >= 0)
            {
                repeats.Repeat(at);
            }
            else
            {
                (int line, int column) = lines.Find(link.Offset);
                string? text = link.Text ?? (link.TextOf is { } element ? texts?.Of(element, page, link.Offset) : null);
                at = repeats.Add(new FoundLink(href ?? link.Value, link.Kind, link.Tag, line, column, text) { Invalid = href is null ? true : null });
            }
            written[key] = at;
        }
        return repeats.Links();
    }

    /// <summary>The links in order while their JSON fits in <see cref="Defaults.MaxFoundLinkBytes"/>; <paramref name="truncated"/> when one did not.</summary>
    public static List<FoundLink> Bounded(IEnumerable<FoundLink> links, out bool truncated)
    {
        var found = new List<FoundLink>();
        long bytes = 2; // the list's brackets
        truncated = false;
        foreach (FoundLink link in links)
        {
            long size = JsonBytes(link);
            if (bytes + size > Defaults.MaxFoundLinkBytes)
            {
                truncated = true;
                break;
            }
            bytes += size;
            found.Add(link);
        }
        return found;
    }

    /// <summary>As above, for a list of the caller's own: the list itself when it all fits.</summary>
    private static List<FoundLink> Bounded(List<FoundLink> links, out bool truncated)
    {
        long bytes = 2;
        for (int i = 0; i < links.Count; i++)
        {
            bytes += JsonBytes(links[i]);
            if (bytes > Defaults.MaxFoundLinkBytes)
            {
                truncated = true;
                return links.GetRange(0, i);
            }
        }
        truncated = false;
        return links;
    }

    private static long JsonBytes(FoundLink link) =>
        LinkOverheadBytes + JsonSize.Of(link.Url) + link.Kind.Length + link.Tag.Length + JsonSize.Of(link.Text)
        + Digits(link.Line) + Digits(link.Col) + (link.Invalid is null ? 0 : 15) + (link.Count is int count ? 9 + Digits(count) : 0);

    /// <summary>
    /// Whether the links, however they resolve against <paramref name="baseUrl"/>, surely fit in
    /// <see cref="Defaults.MaxFoundLinkBytes"/> as <see cref="Bounded"/> measures them: each at
    /// most the base URL and its value percent-encoded (three characters an ASCII one, nine
    /// any other, six a control character kept as written when invalid), ten digits a number.
    /// </summary>
    public static bool SurelyFit(List<RawLink> raw, Url baseUrl)
    {
        long bytes = 2;
        int perLink = LinkOverheadBytes + JsonSize.Of(baseUrl.Href) + 10 + 10 + 15;
        foreach (RawLink link in raw)
        {
            bytes += perLink + link.Kind.Length + link.Tag.Length + JsonSize.Of(link.Text) + EncodedAtMost(link.Value);
            if (bytes > Defaults.MaxFoundLinkBytes)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A link value's length percent-encoded, at most: three characters an ASCII one, nine any other, six a control character; most values are printable ASCII, found so at once.</summary>
    private static long EncodedAtMost(string value)
    {
        if (!value.AsSpan().ContainsAnyExceptInRange(' ', '\u007f'))
        {
            return 3L * value.Length;
        }
        long bytes = 0;
        foreach (char c in value)
        {
            bytes += c < ' ' ? 6 : c < '\u0080' ? 3 : 9;
        }
        return bytes;
    }

    private static int Digits(int value) => value < 10 ? 1 : (int)Math.Floor(Math.Log10(value)) + 1;
}
