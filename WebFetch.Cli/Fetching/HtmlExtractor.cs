using System.Diagnostics;
using System.Numerics;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens.Struct;
using AngleSharp.Text;

namespace WebFetch.Fetching;

/// <summary>
/// Parses HTML with AngleSharp (no scripting, no resource loading) and extracts the
/// summary fields. The body is decoded as the HTML standard orders it (BOM, Content-Type
/// charset, meta prescan, detection, and a later meta while the encoding is tentative), and
/// relative URLs resolve against the document address and any <c>&lt;base href&gt;</c>.
/// </summary>
/// <remarks>
/// Hostile pages: AngleSharp's tree builder is iterative (no stack overflow on deep
/// nesting), but deep nesting costs it quadratic time (200,000 nested elements would take
/// minutes), so a parse is cancelled after <see cref="Timings.MaxParseTime"/>; what follows the
/// parse walks the finished tree without recursion of its own.
/// <para>
/// The class is split by concern: this file decodes and parses; <c>HtmlExtractor.Encoding.cs</c>
/// settles the encoding known before the parse, <c>HtmlExtractor.Head.cs</c> reads the head's
/// metadata into the summary, <c>HtmlExtractor.Links.cs</c> resolves the links and
/// <c>HtmlExtractor.Selections.cs</c> reads the <c>--select</c> values.
/// </para>
/// </remarks>
internal static partial class HtmlExtractor
{
    /// <summary>Longest title or description kept, in characters; longer text is cut and ends with "…".</summary>
    public const int MaxTextChars = 1024;

    /// <summary>
    /// Most URLs in <c>link_urls</c>, in document order: far more than real pages hold, and a
    /// bound on a hostile page's (a 10 MB page can hold several hundred thousand links).
    /// </summary>
    public const int MaxLinkUrls = 100_000;

    /// <summary>
    /// Most bytes the <c>link_urls</c> list may take in a record, its quotes and commas
    /// counted: half of what a record may take (<see cref="Protocol.LineProtocol.MaxResultBytes"/>),
    /// so the list and the selections fit in one record. Past either bound the list stops and
    /// the record says <c>links_truncated</c>.
    /// </summary>
    public const int MaxLinkUrlBytes = Protocol.LineProtocol.MaxResultBytes / 2;

    /// <summary>Link URLs longer than this are left out of <c>link_urls</c>.</summary>
    public const int MaxLinkUrlChars = 2048;

    /// <summary>Pages under this many bytes are decoded into the shared pool's buffers, as every page is read.</summary>
    public const int PooledTextChars = 512 * 1024;

    /// <summary>
    /// Pages under this many bytes, and not under <see cref="PooledTextChars"/>, are decoded
    /// into buffers of a pool of their own (<see cref="PageTextBuffer"/>); larger ones into unmanaged memory, freed
    /// after the parse.
    /// </summary>
    public const int LargeTextChars = 8 << 20;

    /// <summary>
    /// Buffers for large pages' text: a pool of its own that keeps at most two buffers of a
    /// size, where the shared pool would keep dozens of them for a while.
    /// </summary>

    /// <summary>
    /// The parser reads only what extraction needs: comments, script and style text are
    /// skipped, and so are text nodes and most attributes (<see cref="LeanAttributes"/>)
    /// unless a <c>--select</c> may read them (titles are RCDATA and stay).
    /// </summary>
    private static readonly HtmlParserPool Lean = new(OptionsWith(skipText: true));

    private static readonly HtmlParserPool WithText = new(OptionsWith(skipText: false));

    /// <summary>
    /// A crawl's parse (<see cref="FetchOptions.Crawl"/>) keeps more: raw text (CSS in style elements), the attributes of the elements that hold links and
    /// every id and style (<see cref="LeanAttributes.CrawlFilter"/>), and where the elements
    /// that hold links start (<see cref="SourceOffsets"/>). Runs without a crawl parse as before.
    /// </summary>
    private static readonly HtmlParserPool Crawling = new(CrawlOptions(LeanAttributes.CrawlFilter, skipText: true));

    private static readonly HtmlParserPool CrawlingWithSelections = new(CrawlOptions(LeanAttributes.CrawlAllFilter, skipText: false));

    /// <summary>
    /// The parse of a page whose links are only counted (<see cref="FetchOptions.CountLinksOnly"/>):
    /// as <see cref="Crawling"/>, but where elements start is not kept, since no link of such a page
    /// is placed (the crawl only counts them, even when they are sent).
    /// </summary>
    private static readonly HtmlParserPool Counting = new(CrawlOptions(LeanAttributes.CrawlFilter, skipText: true, offsets: false));

    private static HtmlParserOptions OptionsWith(bool skipText) => new()
    {
        SkipComments = true,
        SkipScriptText = true,
        SkipRawText = true,
        SkipDataText = skipText,
        DisableElementPositionTracking = true,
        ShouldEmitAttribute = skipText ? LeanAttributes.Filter : null,
    };

    /// <remarks>
    /// Text nodes are skipped unless a <c>--select</c> may read them: a link's text is read
    /// from the page's text instead (<see cref="LinkText"/>), and making a node of every run of
    /// text is much of a parse's work. A style element's CSS is raw text, kept either way.
    /// </remarks>
    private static HtmlParserOptions CrawlOptions(ShouldEmitAttribute filter, bool skipText, bool offsets = true) => new()
    {
        SkipComments = true,
        SkipScriptText = true,
        SkipDataText = skipText,
        // The parser counts lines and columns in 16 bits (they wrap on large pages) and for every
        // character; the offset of each token it keeps anyway gives them (LineIndex).
        DisableElementPositionTracking = true,
        ShouldEmitAttribute = filter,
        OnCreated = offsets ? SourceOffsets.Record : null,
    };

    public static PageSummary Extract(ReadOnlySpan<byte> body, string? contentType, Uri address, CancellationToken cancellationToken) =>
        Extract(body, contentType, address, [], links: false, cancellationToken);

    /// <summary>
    /// Decodes the body once, parses the text and reads the summary from the tree. The
    /// encoding is settled before the parse, in the HTML standard's order: a byte order mark,
    /// the Content-Type charset, the meta prescan of the first 1,024 bytes
    /// (<see cref="MetaPrescan"/>), else a guess (<see cref="EncodingDetector"/>). The last two
    /// are tentative: when the parsed document's first meta that declares an encoding names
    /// another one, the standard's tree builder changes the encoding and reads the page again,
    /// and so does this (once). Decoding up front (vectorised) costs 20-30%
    /// less CPU than AngleSharp's streaming byte source, which decodes as it goes and keeps the
    /// text anyway. The text goes into a pooled buffer, not a string: a page's string is as
    /// large as the page (twice its bytes), so every page above ~42 KB would be a new
    /// large-object allocation, cleared and later collected in a gen2 collection (a pass over
    /// the benchmark corpus ran 76 collections, 71 of them gen2; with the pooled buffer, 22
    /// and 11). The tree may point into the buffer, so everything is read from it before the
    /// buffer goes back.
    /// </summary>
    public static PageSummary Extract(
        ReadOnlySpan<byte> body, string? contentType, Uri address, IReadOnlyList<SelectorSpec> selectors, bool links, CancellationToken cancellationToken) =>
        Extract(body, contentType, address, selectors, links, releaseBody: null, cancellationToken);

    /// <summary>
    /// As above; <paramref name="releaseBody"/> is called once the bytes are decoded for the
    /// last time (the encoding is final), so that a large body's memory can go before the
    /// parse: the page is then held once, as text, not twice. <paramref name="body"/> is not
    /// read after that call.
    /// </summary>
    /// <remarks>
    /// A page of <see cref="PooledTextChars"/> bytes or more is decoded into a buffer of one
    /// character per byte, and one more: the most any of the standard's decoders gives (a
    /// UTF-16 body gives one per two bytes). Up to <see cref="LargeTextChars"/> it is a pooled
    /// array (the parser reads an array fastest); past it, a <see cref="NativeBuffer{T}"/>,
    /// freed at once after the summary is read (<see cref="TextChars"/>).
    /// </remarks>
    public static PageSummary Extract(
        ReadOnlySpan<byte> body, string? contentType, Uri address, IReadOnlyList<SelectorSpec> selectors, bool links,
        Action? releaseBody, CancellationToken cancellationToken) =>
        Extract(body, contentType, address, selectors, links, crawl: false, releaseBody, cancellationToken);

    /// <summary>As above; with <paramref name="crawl"/>, the summary has every link of every kind and every anchor (<see cref="FetchOptions.Crawl"/>).</summary>
    public static PageSummary Extract(
        ReadOnlySpan<byte> body, string? contentType, Uri address, IReadOnlyList<SelectorSpec> selectors, bool links, bool crawl,
        Action? releaseBody, CancellationToken cancellationToken) =>
        Extract(body, contentType, address, selectors, links, crawl, countLinksOnly: false, ownUrl: null, leftOut: null, releaseBody, cancellationToken);

    /// <summary>
    /// As above; with <paramref name="countLinksOnly"/> too, a crawl's links are only counted
    /// (<see cref="FetchOptions.CountLinksOnly"/>); with <paramref name="ownUrl"/>, the URL the page
    /// was asked for, its links to its own anchors are checked here and left out (<see cref="FetchOptions.CheckOwnAnchors"/>);
    /// with <paramref name="leftOut"/>, so are those the crawl would pass over (<see cref="LinksLeftOut"/>).
    /// </summary>
    public static PageSummary Extract(
        ReadOnlySpan<byte> body, string? contentType, Uri address, IReadOnlyList<SelectorSpec> selectors, bool links, bool crawl,
        bool countLinksOnly, string? ownUrl, LinksLeftOut? leftOut, Action? releaseBody, CancellationToken cancellationToken)
    {
        CodePages.Register();
        (WebEncoding? certain, int byteOrderMark) = EncodingOf(body, contentType);
        (WebEncoding encoding, bool ascii) = certain is not null ? (certain, false) : TentativeEncoding(body);
        bool tentative = certain is null;
        ReadOnlySpan<byte> bytes = body[byteOrderMark..];
        using var text = new PageTextBuffer(bytes.Length);
        long started = Stopwatch.GetTimestamp();
        IHtmlDocument document;
        DocumentScan scan;
        while (true)
        {
            TextSource source = text.Decode(bytes, encoding);
            if (!tentative)
            {
                releaseBody?.Invoke();
                bytes = default;
            }
            // Not disposed: disposing detaches every node one by one (7% of the CPU in a profile
            // of the corpus), and the document holds nothing but managed memory. A second
            // parse (the encoding changed) shares the first one's time limit.
            HtmlParserPool pool = crawl ? (selectors.Count > 0 ? CrawlingWithSelections : countLinksOnly ? Counting : Crawling) : selectors.Count > 0 ? WithText : Lean;
            document = Parse(source, pool, Timings.MaxParseTime - Stopwatch.GetElapsedTime(started), cancellationToken);
            scan = DocumentScan.Walk(document, text.Text, collectHrefs: links, findEncoding: tentative, crawl, linkText: !countLinksOnly);
            if (!tentative || scan.DeclaredEncoding is not { } declared || declared.Name == encoding.Name)
            {
                break;
            }
            // The standard's "change the encoding": the page says otherwise, and that is final.
            tentative = false;
            encoding = declared;
            if (ascii && declared.Name != "ISO-2022-JP")
            {
                break; // all ASCII: the text is the same in the declared encoding, only its name changes
            }
            text.Release();
        }
        // The tree may point into the text buffer: the summary is read before it goes back.
        return Summarize(document, scan, address, selectors, encoding, text.Text, countLinksOnly, ownUrl, leftOut);
    }

    /// <summary>
    /// The characters of the buffer a body of <paramref name="byteCount"/> bytes is decoded
    /// into (a pooled array is a power of two long), what its worker's memory budget counts.
    /// </summary>
    public static long TextChars(long byteCount) => byteCount < LargeTextChars
        ? (long)BitOperations.RoundUpToPowerOf2((ulong)byteCount + 1)
        : byteCount + 1;

    /// <summary>
    /// Parses the first <paramref name="length"/> characters. AngleSharp's parse of a
    /// character buffer takes no cancellation token, so the time limit is checked between
    /// tokens, where the quadratic work of deep nesting happens.
    /// </summary>
    private static IHtmlDocument Parse(TextSource text, HtmlParserPool pool, TimeSpan timeLeft, CancellationToken cancellationToken)
    {
        HtmlParser parser = pool.Rent();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeLeft > TimeSpan.Zero ? timeLeft : TimeSpan.Zero);
        CancellationToken token = limit.Token;
        try
        {
            TokenizerMiddleware checkTime = (ref StructHtmlToken htmlToken, TokenConsumer next) =>
            {
                token.ThrowIfCancellationRequested();
                next(ref htmlToken);
                return TokenConsumptionResult.Continue;
            };
            return (IHtmlDocument)parser.ParseDocument<Document, Element>(text, checkTime);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ParseTimeoutException(Timings.MaxParseTime);
        }
        finally
        {
            pool.Return(parser);
        }
    }
}
