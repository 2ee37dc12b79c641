using System.Text.Json;
using Serilog;
using WebFetch.Input;
using WebFetch.Output;
using WebFetch.Protocol;

namespace WebFetch.Crawl;

/// <summary>
/// The links file of <c>crawl --resume FILE</c>: <c>FILE.links</c>, next to FILE, mode 0600,
/// holding what the records leave out and a resume needs, the links and anchors of each page
/// parsed. Its first line is the crawl's <see cref="CrawlResumeHeader"/>; then one line per
/// page, in the records' schema with only <c>url</c>, <c>found_links</c> and <c>anchors</c>.
/// Written as the pages come back, one write a line, so a killed crawl leaves at most its last
/// line cut short, which the next resume removes (that page is fetched again).
/// </summary>
internal sealed class CrawlResumeLinks : IDisposable
{
    private readonly FileStream _file;
    private readonly string _path;
    private bool _failed;

    private CrawlResumeLinks(FileStream file, string path, Dictionary<string, FetchResult> pages)
    {
        _file = file;
        _path = path;
        Pages = pages;
    }

    /// <summary>The links and anchors of the pages the file holds, by the page's URL (the latest line of each).</summary>
    public Dictionary<string, FetchResult> Pages { get; }

    /// <summary>The links file of the records file <paramref name="recordsPath"/>.</summary>
    public static string PathOf(string recordsPath) => recordsPath + ".links";

    /// <summary>
    /// Opens the links file of <paramref name="recordsPath"/>, created when missing, and reads it; started
    /// anew (its lines dropped) when <paramref name="fresh"/>, as the records file holds no record.
    /// </summary>
    /// <exception cref="OutputFileException">The file cannot be opened or read, or is of another crawl.</exception>
    public static CrawlResumeLinks Open(string recordsPath, CrawlResumeHeader header, bool fresh)
    {
        string path = PathOf(recordsPath);
        FileStream file;
        try
        {
            file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.Read, BufferSize = 0,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFileException(FileErrors.Describe("cannot open the crawl's links file", path, e), e);
        }
        try
        {
            Dictionary<string, FetchResult> pages = fresh || file.Length == 0 ? [] : Load(file, path, header);
            if (fresh || file.Length == 0)
            {
                file.SetLength(0);
                file.Write(System.Text.Encoding.UTF8.GetBytes(header.Line() + "\n"));
            }
            file.Seek(0, SeekOrigin.End);
            return new CrawlResumeLinks(file, path, pages);
        }
        catch (IOException e)
        {
            file.Dispose();
            throw new OutputFileException(FileErrors.Describe("cannot read the crawl's links file", path, e), e);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Appends the links and anchors of the page <paramref name="key"/>. A failure to write is said once; the pages not written are fetched again by the next resume.</summary>
    public void Keep(string key, FetchResult record)
    {
        if (_failed)
        {
            return;
        }
        var line = new FetchResult { Url = key, FoundLinks = record.FoundLinks, Anchors = record.Anchors, LinksCounted = record.LinksCounted }; // null stays null: a page without anchors known is not one without anchors
        try
        {
            byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(line, ProtocolJson.Compact.FetchResult);
            _file.Write([.. bytes, (byte)'\n']); // one write a line
        }
        catch (IOException e)
        {
            _failed = true;
            Log.Warning("cannot write to the crawl's links file '{File}': {Reason}; a resume will fetch again the pages not written", _path, e.Message);
        }
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Reads every page line after the header, which must be this crawl's; removes a last line cut short.</summary>
    private static Dictionary<string, FetchResult> Load(FileStream file, string path, CrawlResumeHeader header)
    {
        var pages = new Dictionary<string, FetchResult>(StringComparer.Ordinal);
        long offset = 0;
        long lastStart = 0;
        FileLines.ForEach(file.SafeFileHandle, (index, line) =>
        {
            lastStart = offset;
            offset += line.Length + 1;
            if (index == 0)
            {
                CheckHeader(CrawlResumeHeader.Read(line), header, path);
            }
            else if (Page(line) is { } page)
            {
                pages[page.Url] = page;
            }
        });
        if (offset > file.Length)
        {
            file.SetLength(lastStart); // the last line lacks its newline: cut short by a killed crawl
            Log.Warning("{File}: removed a last line cut short by an earlier crawl; its page is fetched again", path);
        }
        return pages;
    }

    private static void CheckHeader(CrawlResumeHeader? found, CrawlResumeHeader header, string path)
    {
        if (found is null)
        {
            throw new OutputFileException($"'{path}' is not the links file of a webfetch crawl: move it away, or give --resume another file");
        }
        if (!found.SameCrawl(header))
        {
            throw new OutputFileException($"--resume file is of another crawl: '{path}' says {found.Describe()}, and this one is {header.Describe()}: "
                + "give the same start URLs, scope and limits, or another file");
        }
    }

    private static FetchResult? Page(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, ProtocolJson.Compact.FetchResult);
        }
        catch (JsonException)
        {
            return null; // a line cut short, or damaged: its page is fetched again
        }
    }
}
