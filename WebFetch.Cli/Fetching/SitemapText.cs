using System.Text;
using WebFetch.Text;

namespace WebFetch.Fetching;

/// <summary>
/// A sitemap as a text file (sitemaps.org allows one): one URL a line, LF, CRLF or CR, UTF-8
/// (invalid bytes replaced), blank lines ignored. A line longer than
/// <see cref="SitemapParser.MaxUrlChars"/> is skipped, not cut.
/// </summary>
internal static class SitemapText
{
    /// <summary>Reads the URLs of <paramref name="stream"/> into <paramref name="entries"/>; a corrupt gzip stream throws <see cref="InvalidDataException"/>.</summary>
    public static SitemapDocument Read(SitemapStream stream, SitemapEntries entries)
    {
        using var lines = new LineSplitter(SitemapParser.MaxUrlChars * 3, LineEnds.AnyNewline);
        int number = 0;
        int read;
        while ((read = stream.Read(lines.Chunk.Span)) > 0)
        {
            lines.Take(read);
            while (lines.TryReadLine(out ReadOnlySpan<byte> line))
            {
                if (!Add(entries, line, lines.Truncated, ++number))
                {
                    return entries.ToDocument(stream.LimitReached, error: null);
                }
            }
        }
        if (lines.TryReadLast(out ReadOnlySpan<byte> last))
        {
            Add(entries, last, lines.Truncated, ++number);
        }
        return entries.ToDocument(stream.LimitReached, error: null);
    }

    private static bool Add(SitemapEntries entries, ReadOnlySpan<byte> line, bool truncated, int number)
    {
        if (number == 1 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }
        string text = Encoding.UTF8.GetString(line);
        int start = text.Length - text.TrimStart().Length;
        if (start == text.Length)
        {
            return true; // a blank line
        }
        if (truncated)
        {
            entries.Skip();
            return true;
        }
        return entries.Add(text, number, start + 1);
    }
}
