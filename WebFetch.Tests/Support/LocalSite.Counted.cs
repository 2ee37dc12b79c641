using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WebFetch.Tests.Support;

/// <summary>
/// Pages that count their requests, for the scheduling tests: <c>/counted/{key}/{ms}/{n}</c>
/// answers after <c>ms</c> milliseconds and records, per key and per host name (the Host
/// header without its port: 127.0.0.1 and localhost are two hosts of the same server), how
/// many requests came, how many were in flight at once, and when each started and ended.
/// </summary>
public sealed partial class LocalSite
{
    private readonly ConcurrentDictionary<string, RequestCounter> _counters = new();
    private readonly ConcurrentDictionary<string, int> _answers = new();

    /// <summary>A page under <paramref name="key"/> that answers with the status <see cref="Answer"/> set (200 until then), counted under the same key.</summary>
    public string SwitchableUrl(string key) => Url($"switchable/{key}");

    /// <summary>From now on the switchable page of <paramref name="key"/> answers with <paramref name="status"/>.</summary>
    public void Answer(string key, int status) => _answers[key] = status;

    /// <summary>A counted page under <paramref name="key"/> on the host name <paramref name="host"/> (127.0.0.1 or localhost).</summary>
    public string CountedUrl(string key, int delayMs, int n, string host = "127.0.0.1") =>
        $"http://{host}:{BaseAddress.Port}/counted/{key}/{delayMs}/{n}";

    /// <summary>Paragraphs on a large counted page: as many as one <c>--select</c> name keeps.</summary>
    public const int LargeParagraphs = 50;

    /// <summary>Characters in each paragraph of a large counted page: as many as one <c>--select</c> value keeps.</summary>
    public const int LargeParagraphLength = 1024;

    /// <summary>
    /// A counted page with <see cref="LargeParagraphs"/> paragraphs of <see cref="LargeParagraphLength"/>
    /// characters each (a large <c>--select p</c> result), counted under <c>{key}-{n}</c>.
    /// </summary>
    public string LargeCountedUrl(string key, int n) => $"http://127.0.0.1:{BaseAddress.Port}/counted-large/{key}/{n}";

    /// <summary>What the counted pages of <paramref name="key"/> saw from <paramref name="host"/>.</summary>
    public RequestCounter Counter(string key, string host = "127.0.0.1") => _counters.GetOrAdd($"{key}|{host}", _ => new RequestCounter());

    /// <summary>A page whose title needs quoting in CSV: a comma, double quotes and a line break in the source.</summary>
    public const string AwkwardTitle = "Fish, \"chips\" and peas";

    private void MapCountedPages(WebApplication app)
    {
        app.MapGet("/counted/{key}/{ms:int}/{n:int}", async (string key, int ms, int n, HttpContext context, CancellationToken token) =>
        {
            RequestCounter counter = Counter(key, context.Request.Host.Host);
            counter.Begin();
            try
            {
                await Task.Delay(ms, token);
            }
            finally
            {
                counter.End();
            }
            return Html($"<title>counted {key} {n}</title>");
        });
        app.MapGet("/counted-large/{key}/{n:int}", (string key, int n, HttpContext context) =>
        {
            RequestCounter counter = Counter($"{key}-{n}", context.Request.Host.Host);
            counter.Begin();
            counter.End();
            return Html($"<title>large {key} {n}</title>" + string.Concat(Enumerable.Range(0, LargeParagraphs).Select(i => $"<p>{new string((char)('a' + (i % 26)), LargeParagraphLength)}</p>")));
        });
        app.MapGet("/switchable/{key}", (string key, HttpContext context) =>
        {
            RequestCounter counter = Counter(key, context.Request.Host.Host);
            counter.Begin();
            counter.End();
            int status = _answers.GetValueOrDefault(key, 200);
            return Results.Content($"<title>{key} {status}</title>", "text/html", System.Text.Encoding.UTF8, status);
        });
        app.MapGet("/awkward-title", () => Html("<title>Fish, \"chips\"\nand peas</title><meta name=\"description\" content='say \"hi\", then\nleave'>"));
    }

    /// <summary>Requests seen by one key on one host.</summary>
    public sealed class RequestCounter
    {
        private readonly Lock _gate = new();
        private readonly List<TimeSpan> _starts = [];
        private readonly List<TimeSpan> _ends = [];
        private int _current;

        public int Hits { get { lock (_gate) { return _starts.Count; } } }

        public int MaxConcurrent { get; private set; }

        public IReadOnlyList<TimeSpan> Starts { get { lock (_gate) { return [.. _starts]; } } }

        public IReadOnlyList<TimeSpan> Ends { get { lock (_gate) { return [.. _ends]; } } }

        internal void Begin()
        {
            lock (_gate)
            {
                _starts.Add(Stopwatch.GetElapsedTime(0));
                _current++;
                MaxConcurrent = Math.Max(MaxConcurrent, _current);
            }
        }

        internal void End()
        {
            lock (_gate)
            {
                _current--;
                _ends.Add(Stopwatch.GetElapsedTime(0));
            }
        }
    }
}
