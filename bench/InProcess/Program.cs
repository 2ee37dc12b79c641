// In-process contender for bench/run.sh.
//
//   InProcess fetch URLFILE [--concurrency N] [--max-bytes BYTES]
//       Fetches every URL of URLFILE (one per line) with one HttpClient, at most N at once,
//       parses HTML bodies with AngleSharp and extracts title, description, lang, canonical
//       and the <a href> count, the way webfetch's workers do (WebFetch.Cli/Fetching:
//       PageFetcher, HtmlExtractor). Writes one JSON line per URL to stdout.
//   InProcess --parse-only DIR [--warmup]
//       Parses and extracts every *.html file of DIR on one thread (files read from disk,
//       parsed as text/html with their file URL as the address). With --warmup the corpus
//       is parsed once before the measured pass, so the JIT is warm.
//
// Both modes end with one summary line on stderr: "inprocess mode=... pages=... ok=...
// errors=... elapsed_ms=... gc0=... gc1=... gc2=... alloc_mb=...".
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Io;

internal static class Program
{
    private static readonly IConfiguration AngleConfig = Configuration.Default;

    private static async Task<int> Main(string[] args)
    {
        try
        {
            if (args.Length >= 2 && args[0] == "--parse-only")
            {
                return await ParseOnly(args[1], args.Contains("--warmup"));
            }
            if (args.Length >= 2 && args[0] == "fetch")
            {
                int concurrency = IntOption(args, "--concurrency", 1);
                long maxBytes = IntOption(args, "--max-bytes", 10 * 1024 * 1024);
                return await Fetch(args[1], concurrency, maxBytes);
            }
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            Console.Error.WriteLine($"inprocess: {e.Message}");
            return 2;
        }
        Console.Error.WriteLine("usage: InProcess fetch URLFILE [--concurrency N] | InProcess --parse-only DIR [--warmup]");
        return 2;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static void Summary(string mode, int pages, int ok, int errors, TimeSpan elapsed) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"inprocess mode={mode} pages={pages} ok={ok} errors={errors} elapsed_ms={elapsed.TotalMilliseconds:0} " +
            $"gc0={GC.CollectionCount(0)} gc1={GC.CollectionCount(1)} gc2={GC.CollectionCount(2)} " +
            $"alloc_mb={GC.GetTotalAllocatedBytes() / 1048576.0:0}"));

    // ---- parse only -------------------------------------------------------------------

    private static async Task<int> ParseOnly(string directory, bool warmup)
    {
        string[] files = Directory.GetFiles(directory, "*.html");
        Array.Sort(files, StringComparer.Ordinal);
        if (warmup)
        {
            foreach (string file in files)
            {
                await ParseFile(file);
            }
        }
        long started = Stopwatch.GetTimestamp();
        int ok = 0;
        long links = 0;
        foreach (string file in files)
        {
            PageInfo page = await ParseFile(file);
            links += page.Links;
            ok += page.Title is null ? 0 : 1;
        }
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        Summary(warmup ? "parse-only-warm" : "parse-only", files.Length, ok, files.Length - ok, elapsed);
        Console.Error.WriteLine($"inprocess links={links}");
        return 0;
    }

    private static async Task<PageInfo> ParseFile(string file)
    {
        await using var stream = new MemoryStream(await File.ReadAllBytesAsync(file));
        return await ParseAndExtract(stream, "text/html", new Uri("http://127.0.0.1/" + Path.GetFileName(file)), CancellationToken.None);
    }

    // ---- fetch ------------------------------------------------------------------------

    private static async Task<int> Fetch(string urlFile, int concurrency, long maxBytes)
    {
        string[] urls = File.ReadAllLines(urlFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseCookies = false,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("webfetch-bench-inprocess/0.1");
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");

        Stream stdout = Console.OpenStandardOutput();
        var output = new BufferedStream(stdout, 1 << 16);
        var outputLock = new object();
        int next = -1, ok = 0, errors = 0;
        long started = Stopwatch.GetTimestamp();

        async Task Loop()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < urls.Length)
            {
                byte[] line = await FetchOne(client, urls[i], maxBytes);
                bool failed = line.AsSpan().IndexOf("\"error\":null"u8) < 0;
                Interlocked.Increment(ref failed ? ref errors : ref ok);
                lock (outputLock)
                {
                    output.Write(line);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(Loop)));
        output.Flush();
        Summary($"fetch-c{concurrency}", urls.Length, ok, errors, Stopwatch.GetElapsedTime(started));
        return errors == 0 ? 0 : 1;
    }

    private static async Task<byte[]> FetchOne(HttpClient client, string url, long maxBytes)
    {
        long started = Stopwatch.GetTimestamp();
        int? status = null;
        string? mediaType = null, error = null;
        long length = 0;
        PageInfo? page = null;
        try
        {
            var uri = new Uri(url);
            using var request = new HttpRequestMessage(System.Net.Http.HttpMethod.Get, uri);
            using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            status = (int)response.StatusCode;
            mediaType = response.Content.Headers.ContentType?.MediaType;
            byte[] body = await ReadBody(await response.Content.ReadAsStreamAsync(), maxBytes);
            length = body.Length;
            if (mediaType is "text/html" or "application/xhtml+xml")
            {
                using var stream = new MemoryStream(body, writable: false);
                page = await ParseAndExtract(stream, response.Content.Headers.ContentType?.ToString(), uri, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            error = e.GetType().Name + ": " + e.Message;
        }

        var buffer = new ArrayBufferWriter();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("url", url);
            if (status is int s) json.WriteNumber("status", s); else json.WriteNull("status");
            json.WriteString("content_type", mediaType);
            json.WriteNumber("length", length);
            json.WriteString("title", page?.Title);
            json.WriteString("description", page?.Description);
            json.WriteString("lang", page?.Lang);
            json.WriteString("canonical", page?.Canonical);
            json.WriteNumber("links", page?.Links ?? 0);
            json.WriteNumber("elapsed_ms", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (error is null) json.WriteNull("error"); else json.WriteString("error", error);
            json.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.ToArray();
    }

    private static async Task<byte[]> ReadBody(Stream stream, long maxBytes)
    {
        await using (stream)
        {
            var body = new MemoryStream();
            byte[] chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk)) > 0)
            {
                if (body.Length + read > maxBytes)
                {
                    throw new InvalidDataException($"body larger than {maxBytes} bytes");
                }
                body.Write(chunk, 0, read);
            }
            return body.ToArray();
        }
    }

    // ---- parse + extract: the same steps as WebFetch.Cli/Fetching/HtmlExtractor.cs ----

    private sealed record PageInfo(string? Title, string? Description, string? Lang, string? Canonical, int Links);

    private static async Task<PageInfo> ParseAndExtract(Stream body, string? contentType, Uri address, CancellationToken cancellationToken)
    {
        using IBrowsingContext context = BrowsingContext.New(AngleConfig);
        using IDocument document = await context.OpenAsync(
            response =>
            {
                response.Content(body).Address(address);
                if (contentType is not null)
                {
                    response.Header(HeaderNames.ContentType, contentType);
                }
            },
            cancellationToken);
        IElement? head = document.Head;
        return new PageInfo(
            Title: Cap(NullIfEmpty(document.Title)),
            Description: Cap(NullIfEmpty(Collapse(FindMetaContent(head, "description")))),
            Lang: NullIfEmpty(document.DocumentElement?.GetAttribute("lang")?.Trim()),
            Canonical: FindCanonical(document),
            Links: document.QuerySelectorAll("a[href]").Length);
    }

    private static string? FindMetaContent(IElement? head, string name)
    {
        if (head is null)
        {
            return null;
        }
        foreach (IElement meta in head.GetElementsByTagName("meta"))
        {
            if (string.Equals(meta.GetAttribute("name")?.Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return meta.GetAttribute("content");
            }
        }
        return null;
    }

    private static string? FindCanonical(IDocument document)
    {
        foreach (IHtmlLinkElement link in document.QuerySelectorAll<IHtmlLinkElement>("link[rel][href]"))
        {
            if (link.RelationList.Any(r => r.Equals("canonical", StringComparison.OrdinalIgnoreCase)))
            {
                string? href = link.Href;
                return string.IsNullOrEmpty(href) ? null : href;
            }
        }
        return null;
    }

    private static string? Collapse(string? text) =>
        text is null ? null : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string? Cap(string? text) => text is null || text.Length <= 1024 ? text : text[..1023] + "…";

    private sealed class ArrayBufferWriter : System.Buffers.IBufferWriter<byte>
    {
        private byte[] _buffer = new byte[512];
        private int _count;

        public void Advance(int count) => _count += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsMemory(_count);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsSpan(_count);
        }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(GetSpan(bytes.Length));
            _count += bytes.Length;
        }

        public byte[] ToArray() => _buffer.AsSpan(0, _count).ToArray();

        private void Ensure(int sizeHint)
        {
            int need = _count + Math.Max(sizeHint, 1);
            if (need > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(need, _buffer.Length * 2));
            }
        }
    }
}
