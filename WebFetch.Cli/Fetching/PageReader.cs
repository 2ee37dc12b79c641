using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace WebFetch.Fetching;

/// <summary>
/// Reads the body of a final response within the memory its pages share (<see cref="Memory"/>)
/// and, when it is HTML, parses and summarises it. One a <see cref="PageFetcher"/>; the
/// <see cref="PageMemory"/> it reads in may be shared by the fetchers of a worker.
/// </summary>
internal sealed class PageReader(FetchOptions options, PageMemory shared, MatchRules rules)
{
    private readonly LargePageGate _largePages = shared.LargePages;

    /// <summary>The links a crawl page leaves out: those the crawl would pass over.</summary>
    private readonly LinksLeftOut? _leftOut = LinksLeftOut.For(options, shared.Done);

    /// <summary>The memory the pages read at once share (<see cref="MemoryBudget"/>).</summary>
    public MemoryBudget Memory { get; } = shared.Budget;

    /// <summary>Reads the body of <paramref name="response"/> (from <paramref name="target"/>) into <paramref name="result"/>: its length, its start when asked for, and the page's summary when it is HTML.</summary>
    public async Task ReadAsync(HttpResponseMessage response, Uri target, FetchResultBuilder result, CancellationToken cancellationToken)
    {
        MediaTypeHeaderValue? contentType = response.Content.Headers.ContentType;
        if (contentType?.MediaType is string mediaType && !ContentSniffer.IsHtmlMediaType(mediaType)
            && !LinkDocuments.HasLinks(options, mediaType, target)
            && response.Content.Headers.ContentLength is long notHtmlLength && options.CaptureBodyBytes == 0 && !rules.ReadsBody
            && !options.Fields.HasFlag(ResponseFields.BodySha256))
        {
            // Nothing to parse and the length is known: nothing to download. A link to a
            // large archive is a 200 of that length, not a too_large, and costs no transfer.
            // (After automatic decompression the handler drops Content-Length, so a
            // compressed body is read and counted below.)
            result.Length = notHtmlLength;
            return;
        }
        if (response.Content.Headers.ContentLength is long declared && declared > options.MaxBytes)
        {
            throw new BodyTooLargeException(options.MaxBytes, 0);
        }
        Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using MemoryLease memory = Memory.Open();
        using BodyBuffer body = await BodyBuffer.ReadAsync(stream, options.MaxBytes, response.Content.Headers.ContentLength, memory, cancellationToken)
            .ConfigureAwait(false);
        result.Length = body.Length;
        if (result.Facts is not null && options.Fields.HasFlag(ResponseFields.BodySha256))
        {
            result.Facts.BodySha256 = Convert.ToHexStringLower(SHA256.HashData(body.Span)); // issue 19, --fields body_sha256
        }
        if (options.CaptureBodyBytes > 0)
        {
            result.Body = BodyCapture.Of(body.Span, options.CaptureBodyBytes);
        }
        bool html = ContentSniffer.IsHtml(contentType?.MediaType, body.Span);
        if (rules.ReadsBody)
        {
            // The text for the rules is taken from the budget too, and given back once matched.
            long textCost = MemoryBudget.TextCost(body.Length, keepsText: false);
            await memory.TakeAsync(textCost, cancellationToken).ConfigureAwait(false);
            result.BodyRuleProblem = rules.BodyProblem(BodyText.Decode(body.Span, contentType?.ToString(), html));
            memory.Give(textCost);
        }
        if (html)
        {
            // The text is taken from the budget before it is decoded; a large body's bytes
            // go back before the parse (see HtmlExtractor), its text after it.
            await memory.TakeAsync(MemoryBudget.TextCost(body.Length, options.Selectors.Count > 0 || options.Crawl), cancellationToken).ConfigureAwait(false);
            result.Page = await _largePages.ParseAsync(
                body.Length,
                () => HtmlExtractor.Extract(
                    body.Span, contentType?.ToString(), target, options.Selectors, options.Links, options.Crawl, options.CountLinksOnly,
                    options.CheckOwnAnchors ? result.Url : null, _leftOut, body.Release, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        else if (LinkDocuments.HasLinks(options, contentType?.MediaType, target))
        {
            await memory.TakeAsync(MemoryBudget.TextCost(body.Length, keepsText: false), cancellationToken).ConfigureAwait(false);
            result.Page = LinkDocuments.Extract(body.Span, contentType?.ToString(), contentType?.MediaType, target, options.CountLinksOnly);
        }
    }
}
