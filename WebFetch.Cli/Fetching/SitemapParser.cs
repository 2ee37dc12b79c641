using System.Xml;
using WebFetch.Urls;

namespace WebFetch.Fetching;

/// <summary>
/// Reads a sitemap (https://www.sitemaps.org/protocol.html): an XML <c>urlset</c> (its
/// <c>url/loc</c> are pages) or <c>sitemapindex</c> (its <c>sitemap/loc</c> are other
/// sitemaps), an RSS 2.0 or Atom 1.0 feed (the links of its items, which sitemaps.org accepts
/// as a sitemap), or, when the body is not XML, a plain list of URLs one a line; gzipped or not.
/// </summary>
/// <remarks>
/// Hostile input is expected. Gzip is recognised by its magic bytes and read through a bound
/// of <see cref="Defaults.MaxSitemapBytes"/> (a gzip bomb stops there); at most
/// <see cref="Defaults.MaxSitemapEntries"/> URLs are kept; both set
/// <see cref="SitemapDocument.Truncated"/>. A DTD is refused (no entity expansion, no external
/// entity: no billion laughs, no XXE) and nothing is resolved from outside. Malformed XML or a
/// corrupt gzip stream keeps the URLs read before the fault and sets
/// <see cref="SitemapDocument.Error"/>; Parse does not throw for what a server sent. The
/// namespace is not required: <c>loc</c> is read in the namespace of the root element,
/// sitemaps.org's or none (elements of other namespaces, such as <c>image:loc</c>, are not
/// URLs of the sitemap).
/// </remarks>
internal static class SitemapParser
{
    /// <summary>The sitemaps.org 0.9 namespace.</summary>
    public const string Namespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

    /// <summary>
    /// A URL longer than this is skipped: four times the 2,048 characters sitemaps.org allows,
    /// lenient with real sitemaps, still far from the bound on the whole document.
    /// </summary>
    public const int MaxUrlChars = 8192;

    /// <summary>Reads the sitemap <paramref name="body"/> fetched from <paramref name="address"/> (relative URLs are resolved against it).</summary>
    public static unsafe SitemapDocument Parse(ReadOnlySpan<byte> body, Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var entries = new SitemapEntries(WebUrl.TryParse(address.AbsoluteUri, out WebUrl? baseUrl, out _) ? baseUrl : null);
        if (body.IsEmpty)
        {
            return SitemapDocument.Empty;
        }
        fixed (byte* bytes = body)
        {
            var raw = new UnmanagedMemoryStream(bytes, body.Length);
            bool gzip = SitemapStream.StartsWithGzipMagic(body);
            try
            {
                using var stream = new SitemapStream(raw, gzip, Defaults.MaxSitemapBytes);
                return IsXml(stream.Head) ? ReadXml(stream, entries) : SitemapText.Read(stream, entries);
            }
            catch (InvalidDataException corrupt) when (gzip)
            {
                return entries.ToDocument(truncated: false, "corrupt gzip data: " + corrupt.Message);
            }
        }
    }

    /// <summary>Whether the body is XML: UTF-16 with a byte order mark, or a first character after a UTF-8 byte order mark and white space that is <c>&lt;</c>.</summary>
    private static bool IsXml(ReadOnlySpan<byte> head)
    {
        if (head is [0xFE, 0xFF, ..] or [0xFF, 0xFE, ..])
        {
            return true; // UTF-16, which the XML reader reads by its byte order mark
        }
        if (head.StartsWith("\uFEFF"u8))
        {
            head = head[3..];
        }
        int start = head.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && head[start] == (byte)'<';
    }

    private static SitemapDocument ReadXml(SitemapStream stream, SitemapEntries entries)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            string? error = ReadLocs(reader, entries);
            return entries.ToDocument(stream.LimitReached, error);
        }
        catch (XmlException malformed)
        {
            // Past the byte bound the XML is cut short: the bound is the news, not the fault.
            return entries.ToDocument(stream.LimitReached, stream.LimitReached ? null : "malformed XML: " + malformed.Message);
        }
    }

    /// <summary>
    /// Adds the URL of every item (<c>url/loc</c>, <c>sitemap/loc</c> in an index, an RSS
    /// <c>item/link</c>, an Atom <c>entry/link</c>) to <paramref name="entries"/>, until the end
    /// or the bound; returns an error when the root element is not a sitemap's.
    /// </summary>
    private static string? ReadLocs(XmlReader reader, SitemapEntries entries)
    {
        var position = (IXmlLineInfo)reader;
        SitemapShape? shape = null;
        string rootNamespace = "";
        bool inItem = false;
        bool more = reader.Read();
        while (more)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                more = reader.Read();
                continue;
            }
            if (shape is null)
            {
                rootNamespace = reader.NamespaceURI;
                shape = SitemapShape.Of(reader.LocalName, rootNamespace);
                if (shape is null)
                {
                    return $"the root element is <{reader.Name}>, not <urlset>, <sitemapindex>, <rss> or an Atom <feed>";
                }
                entries.IsIndex = shape.IsIndex;
            }
            else if (reader.Depth == shape.ItemDepth)
            {
                inItem = reader.NamespaceURI == rootNamespace && reader.LocalName == shape.ItemName;
            }
            else if (reader.Depth == shape.ItemDepth + 1 && inItem && reader.LocalName == shape.UrlName && reader.NamespaceURI == rootNamespace)
            {
                int line = position.LineNumber, column = position.LinePosition - 1; // the '<' before the name
                if (shape.UrlInHref)
                {
                    string? rel = reader.GetAttribute("rel");
                    if ((rel is null || rel == "alternate") && !entries.Add(reader.GetAttribute("href") ?? "", line, column))
                    {
                        return null;
                    }
                }
                else
                {
                    if (!entries.Add(reader.ReadElementContentAsString(), line, column))
                    {
                        return null;
                    }
                    more = !reader.EOF; // the reader stands on the node after the end tag already
                    continue;
                }
            }
            more = reader.Read();
        }
        return null;
    }
}
