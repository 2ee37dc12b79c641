using WebFetch.Reports;

namespace WebFetch.Tests.Reports;

/// <summary>The entries of a small crawled site with a defect of every kind the reports show, and the builders of such entries.</summary>
internal static class ReportSamples
{
    public const string Site = "http://127.0.0.1:8080";

    public static ReportReferrer From(string path, int line, int column, string? text = null) =>
        new(Site + path, line, column, text);

    public static ReportEntry Ok(string url, string kind = "page") =>
        new(url, 200, null, null, kind, 1, false, null, [], [], 0);

    public static ReportEntry Status(string url, int status, string kind, params ReportReferrer[] referrers) =>
        new(url, status, "http_status", $"the server answered {status}", kind, 1, false, null, [], referrers, referrers.Length);

    public static ReportEntry Failed(string url, string errorKind, string message, params ReportReferrer[] referrers) =>
        new(url, null, errorKind, message, "page", 1, false, null, [], referrers, referrers.Length);

    public static ReportEntry Redirected(string url, string finalUrl, RedirectStep[] hops, params ReportReferrer[] referrers) =>
        new(url, 200, null, null, "page", 1, false, finalUrl, hops, referrers, referrers.Length);

    /// <summary>
    /// A site crawled from /: a page missing (three links), a stylesheet missing, an anchor
    /// missing, a 500, a closed port, a page robots.txt disallows, a target linked 25 times
    /// with 10 listed, permanent redirects (301, and an external 308), a temporary one (302),
    /// a permanent one to a missing page, and pages that are fine.
    /// </summary>
    public static IReadOnlyList<ReportEntry> SampleCrawl() =>
    [
        Ok(Site + "/") with { Depth = 0 },
        Ok(Site + "/guide.html"),
        Ok(Site + "/style.css", "stylesheet"),
        Status(Site + "/missing.html", 404, "page",
            From("/", 12, 5, "Missing page"), From("/guide.html", 40, 9, "here"), From("/about.html", 7, 3)),
        Status(Site + "/theme.css", 404, "stylesheet", From("/guide.html", 4, 1)),
        Failed(Site + "/guide.html#nope", "missing_anchor", "/guide.html has no element with id or name \"nope\"",
            From("/", 20, 7, "see the section")),
        Status(Site + "/crash", 500, "page", From("/about.html", 30, 11, "crash")),
        Failed("http://127.0.0.1:9/closed.html", "connect", "the connection to 127.0.0.1:9 was refused",
            From("/", 31, 5, "closed port")) with { External = true },
        Failed(Site + "/private/", "robots_disallowed", "robots.txt disallows /private/", From("/guide.html", 50, 2, "private")),
        Status(Site + "/img/logo.png", 404, "image", [.. Enumerable.Range(1, 10).Select(i => From($"/blog/post-{i}.html", 3, 2 * i, "Example logo"))])
            with { ReferrersTotal = 25 },
        Redirected(Site + "/old.html", Site + "/new.html", [new(Site + "/old.html", 301)], From("/", 8, 3, "old page")),
        Redirected("http://127.0.0.1:8081/moved", "http://127.0.0.1:8081/there/", [new("http://127.0.0.1:8081/moved", 308)],
            From("/guide.html", 60, 1, "moved"), From("/about.html", 61, 1)) with { External = true },
        Redirected(Site + "/later", Site + "/now", [new(Site + "/later", 302)], From("/", 9, 3, "temporary")),
        Status(Site + "/gone-for-good", 404, "page", From("/", 10, 3, "gone")) with
        {
            FinalUrl = Site + "/nowhere", Redirects = [new RedirectStep(Site + "/gone-for-good", 301)],
        },
    ];

    /// <summary>URLs and texts that would run a script, add an element or an attribute, or break out of a table or an attribute, if written as they are.</summary>
    public static readonly string[] HostileTexts =
    [
        "javascript:alert(1)", "JaVaScRiPt:alert(2)", " javascript:alert(3)", "data:text/html,<script>alert(4)</script>",
        "http://127.0.0.1/\"><script>alert(5)</script>", "http://127.0.0.1/' onmouseover='alert(6)",
        "<img src=x onerror=alert(7)>", "</td></tr></table><iframe src=javascript:alert(8)>", "<!--", "]]><style>*{}</style>",
    ];

    /// <summary>Each of <see cref="HostileTexts"/> as every string of a broken target, of a permanent redirect and of an error.</summary>
    public static IReadOnlyList<ReportEntry> Hostile()
    {
        List<ReportEntry> entries = [];
        foreach (string text in HostileTexts)
        {
            var referrer = new ReportReferrer(text, 1, 1, text);
            entries.Add(new ReportEntry(text, 404, "http_status", text, text, 1, false, null, [], [referrer], 1));
            entries.Add(new ReportEntry(text + "#r", 200, null, null, text, 1, false, text, [new RedirectStep(text, 301)], [referrer], 1));
            entries.Add(Failed(Site + "/x" + entries.Count, text, text, referrer));
        }

        return entries;
    }

    public static ReportSummary SummaryOf(IReadOnlyList<ReportEntry> entries) => new(
        entries.Count, entries.Count(e => e.Kind == "page" && e.ErrorKind is null), entries.Count(e => e.ErrorKind is not null),
        entries.Count(e => e.Redirects.Count > 0), TimeSpan.FromMilliseconds(2345), [Site + "/"]);
}
