using System.Globalization;
using System.Net;
using System.Text;
using WebFetch.Protocol;

namespace WebFetch.Reports;

/// <summary>What is wrong with a broken URL, in words a reader takes in at a glance: "404 Not Found", "missing anchor", "DNS lookup failed".</summary>
internal static class ProblemWords
{
    /// <summary>The error kinds of a crawl, beyond those of <see cref="ErrorKind"/>.</summary>
    private const string MissingAnchor = "missing_anchor";
    private const string RobotsDisallowed = "robots_disallowed";

    /// <summary>The problem in words: the status and its reason phrase when the server answered, else the error kind.</summary>
    public static string For(ReportEntry entry) =>
        entry.ErrorKind is null or ErrorKind.HttpStatus && entry.Status is { } status
            ? Status(status)
            : Kind(entry.ErrorKind ?? "");

    /// <summary>
    /// The error's message when it says more than <see cref="For"/> (a connection refused, the
    /// missing anchor's name), null when the words already say it all (an HTTP status).
    /// </summary>
    public static string? Detail(ReportEntry entry) =>
        entry.ErrorKind is null or ErrorKind.HttpStatus && entry.Status is not null || string.IsNullOrWhiteSpace(entry.ErrorMessage)
            ? null
            : entry.ErrorMessage;

    /// <summary>True for a problem of the page itself (a status of 400 or above, the URL unreachable), false for a missing anchor, which is milder.</summary>
    public static bool IsSevere(ReportEntry entry) => entry.ErrorKind != MissingAnchor;

    /// <summary>A status with its reason phrase: "404 Not Found", "503 Service Unavailable", "599" when it has none.</summary>
    public static string Status(int status)
    {
        string code = status.ToString(CultureInfo.InvariantCulture);
        string? name = Enum.IsDefined((HttpStatusCode)status) ? ((HttpStatusCode)status).ToString() : null;
        return name is null ? code : code + " " + SplitWords(name);
    }

    private static string Kind(string kind) => kind switch
    {
        MissingAnchor => "missing anchor",
        RobotsDisallowed => "disallowed by robots.txt",
        ErrorKind.Dns => "DNS lookup failed",
        ErrorKind.Connect => "connection failed",
        ErrorKind.Timeout => "timed out",
        ErrorKind.Tls => "TLS handshake failed",
        ErrorKind.TooLarge => "too large",
        ErrorKind.TooManyRedirects => "too many redirects",
        ErrorKind.Protocol => "broken HTTP response",
        ErrorKind.InvalidUrl => "invalid URL",
        ErrorKind.WorkerLost => "worker lost",
        ErrorKind.Interrupted => "interrupted",
        ErrorKind.Internal => "internal error",
        ErrorKind.CertExpiring => "certificate expiring soon",
        "" => "error",
        _ => kind.Replace('_', ' '),
    };

    /// <summary>"NotFound" as "Not Found"; "HttpVersionNotSupported" as "Http Version Not Supported".</summary>
    private static string SplitWords(string name)
    {
        var words = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                words.Append(' ');
            }

            words.Append(name[i]);
        }

        return words.ToString();
    }
}
