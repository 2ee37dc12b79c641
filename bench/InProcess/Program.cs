// In-process contender for bench/run.sh.
//
//   InProcess fetch URLFILE [--concurrency N]
//       Fetches every URL of URLFILE (one per line) in one process, at most N at once, with
//       webfetch's own PageFetcher and HtmlExtractor (compiled in from WebFetch.Cli/Fetching,
//       default options: one HttpClient, redirects, retries, the same lean parse). Writes one
//       JSON line per URL to stdout.
//   InProcess --parse-only DIR [--warmup]
//       Parses and extracts every *.html file of DIR on one thread with HtmlExtractor (files
//       read from disk, parsed as text/html with their file URL as the address). With
//       --warmup the corpus is parsed once before the measured pass, so the JIT is warm.
//
// Both modes end with one summary line on stderr: "inprocess mode=... pages=... ok=...
// errors=... elapsed_ms=... gc0=... gc1=... gc2=... alloc_mb=...".
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WebFetch.Fetching;
using WebFetch.Protocol;

internal static class Program
{
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
                return await Fetch(args[1], IntOption(args, "--concurrency", 1));
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
        int titled = 0;
        long links = 0;
        foreach (string file in files)
        {
            PageSummary page = await ParseFile(file); // a page that fails to parse ends the program
            links += page.Links;
            titled += page.Title is null ? 0 : 1;
        }
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        Summary(warmup ? "parse-only-warm" : "parse-only", files.Length, files.Length, 0, elapsed);
        Console.Error.WriteLine($"inprocess links={links} titled={titled}");
        return 0;
    }

    private static async Task<PageSummary> ParseFile(string file) =>
        HtmlExtractor.Extract(
            await File.ReadAllBytesAsync(file), "text/html", new Uri("http://127.0.0.1/" + Path.GetFileName(file)), CancellationToken.None);

    // ---- fetch ------------------------------------------------------------------------

    private static async Task<int> Fetch(string urlFile, int concurrency)
    {
        string[] urls = File.ReadAllLines(urlFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        using var fetcher = new PageFetcher(new FetchOptions { UserAgent = "webfetch-bench-inprocess/0.1" });

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
                FetchResult result = await FetchOne(fetcher, urls[i]);
                Interlocked.Increment(ref result.Error is null ? ref ok : ref errors);
                byte[] line = Line(result);
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

    private static async Task<FetchResult> FetchOne(PageFetcher fetcher, string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri)
            ? await fetcher.FetchAsync(uri, CancellationToken.None)
            : FetchResult.Failed(url, ErrorKind.InvalidUrl, "not an absolute URL");

    private static byte[] Line(FetchResult result)
    {
        var buffer = new ArrayBufferWriter();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("url", result.Url);
            if (result.Status is int s) json.WriteNumber("status", s); else json.WriteNull("status");
            json.WriteString("content_type", result.ContentType);
            json.WriteNumber("length", result.Length);
            json.WriteString("title", result.Title);
            json.WriteString("description", result.Description);
            json.WriteString("lang", result.Lang);
            json.WriteString("canonical", result.Canonical);
            json.WriteNumber("links", result.Links);
            json.WriteNumber("elapsed_ms", result.ElapsedMs);
            if (result.Error is null) json.WriteNull("error"); else json.WriteString("error", result.Error.Kind + ": " + result.Error.Message);
            json.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.ToArray();
    }

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
