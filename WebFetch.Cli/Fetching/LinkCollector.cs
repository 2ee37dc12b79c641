namespace WebFetch.Fetching;

/// <summary>
/// The links and anchors one document holds, as written and in document order, within their
/// bounds (<see cref="Defaults.MaxFoundLinks"/>, <see cref="Defaults.MaxAnchors"/> and
/// <see cref="Defaults.MaxAnchorBytes"/>): past a bound a list stops and says so. Links of the
/// schemes a crawl does not check (javascript:, data:, mailto:, tel:) are only counted.
/// </summary>
/// <remarks>
/// The list of links and the set of anchors seen are the thread's own between documents
/// (<see cref="Release"/>): a crawl's worker collects hundreds of thousands of links, and
/// growing new lists for every page was a large part of its collections. The extraction runs
/// on one thread from the parse to the found links, so the lists cannot be shared.
/// </remarks>
internal sealed class LinkCollector
{
    /// <summary>Largest list of links a thread keeps for its next document, in links; a larger one is left to the collector.</summary>
    private const int MaxKeptLinks = 32_768;

    [ThreadStatic]
    private static List<RawLink>? t_links;

    [ThreadStatic]
    private static HashSet<string>? t_anchorSet;

    private readonly HashSet<string> _anchorSet;
    private long _anchorBytes = 2; // the list's brackets

    public LinkCollector()
    {
        Links = t_links ?? [];
        _anchorSet = t_anchorSet ?? new(StringComparer.Ordinal);
        (t_links, t_anchorSet) = (null, null);
    }

    /// <summary>The links found, in document order; not read after <see cref="Release"/>.</summary>
    public List<RawLink> Links { get; }

    public List<string> Anchors { get; } = [];

    /// <summary>Links left out for their scheme, or as hints to an origin.</summary>
    public int Skipped { get; set; }

    /// <summary>Whether a link came past <see cref="Defaults.MaxFoundLinks"/>.</summary>
    public bool IsFull { get; private set; }

    public bool AnchorsTruncated { get; private set; }

    public void Add(RawLink link)
    {
        if (IsSkippedScheme(link.Value))
        {
            Skipped++;
        }
        else if (Links.Count == Defaults.MaxFoundLinks)
        {
            IsFull = true;
        }
        else
        {
            Links.Add(link);
        }
    }

    /// <summary>Adds an id or a[name] value, unless empty or already there.</summary>
    public void AddAnchor(string anchor)
    {
        if (anchor.Length == 0 || AnchorsTruncated || _anchorSet.Contains(anchor))
        {
            return;
        }
        long size = JsonSize.Of(anchor) + 1;
        if (Anchors.Count == Defaults.MaxAnchors || _anchorBytes + size > Defaults.MaxAnchorBytes)
        {
            AnchorsTruncated = true;
            return;
        }
        _anchorSet.Add(anchor);
        Anchors.Add(anchor);
        _anchorBytes += size;
    }

    /// <summary>Whether <paramref name="anchor"/> is one of <see cref="Anchors"/>; not asked after <see cref="Release"/>.</summary>
    public bool HasAnchor(string anchor) => _anchorSet.Contains(anchor);

    /// <summary>
    /// Gives the list of links and the set of anchors seen back to this thread, emptied, for
    /// its next document. <see cref="Links"/> is not read after this; <see cref="Anchors"/> stays.
    /// </summary>
    public void Release()
    {
        if (Links.Capacity <= MaxKeptLinks)
        {
            Links.Clear();
            t_links = Links;
        }
        if (_anchorSet.Count <= MaxKeptLinks)
        {
            _anchorSet.Clear();
            t_anchorSet = _anchorSet;
        }
    }

    /// <summary>
    /// Whether the value's scheme is javascript:, data:, mailto: or tel:, read as the URL parser
    /// reads it (leading spaces and control characters dropped, tabs and newlines ignored).
    /// </summary>
    internal static bool IsSkippedScheme(string value)
    {
        Span<char> scheme = stackalloc char[11];
        int length = 0;
        int i = 0;
        while (i < value.Length && value[i] <= ' ')
        {
            i++;
        }
        for (; i < value.Length && length < scheme.Length; i++)
        {
            char c = value[i];
            if (c is '\t' or '\n' or '\r')
            {
                continue;
            }
            if (c == ':')
            {
                return scheme[..length] is "javascript" or "data" or "mailto" or "tel";
            }
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
            scheme[length++] = char.ToLowerInvariant(c);
        }
        return false;
    }
}
