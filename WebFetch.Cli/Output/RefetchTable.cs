using WebFetch.Protocol;

namespace WebFetch.Output;

/// <summary>
/// Which records <c>--resume</c> fetches again: the one table, documented in docs/reference.md
/// (Resuming). A URL whose latest record has no error is done. An error is fetched again when
/// another try may well end differently (the moment's fault: the network, the server's load, a
/// stop), and not when it would give the same record (the URL's or the page's fault), as
/// curl's <c>--retry</c> tells transient errors from others.
/// </summary>
internal static class RefetchTable
{
    /// <summary>Whether a URL whose latest record has error <paramref name="kind"/> (and HTTP <paramref name="status"/>) is fetched again.</summary>
    public static bool FetchAgain(string kind, int? status) => kind switch
    {
        // never finished: the run was stopped
        ErrorKind.Interrupted => true,
        // with --fail: a server error or "too many requests" is the moment's (curl retries 408,
        // 429 and 5xx); a 404, 403, 410 ... is the URL's answer and would come again; so is a
        // match rule's verdict on an answer, unless that answer was of the moment
        ErrorKind.HttpStatus or ErrorKind.Match => status is 408 or 429 or >= 500,
        // the network or the server's load of the moment
        ErrorKind.Timeout or ErrorKind.Connect or ErrorKind.Dns => true,
        // a killed worker is more often the machine's fault (memory) than the page's; a page
        // that kills every worker costs --max-attempts workers again
        ErrorKind.WorkerLost => true,
        // a bug in webfetch, maybe fixed since, or the moment's
        ErrorKind.Internal => true,
        // the same line, the same certificate, body, redirect loop or broken HTTP next time
        ErrorKind.InvalidUrl or ErrorKind.Tls or ErrorKind.TooLarge or ErrorKind.TooManyRedirects or ErrorKind.Protocol => false,
        // the same certificate, expiring as soon, until its owner renews it (issue 19)
        ErrorKind.CertExpiring => false,
        // a kind this version does not know (a file written by another version): better fetched again than lost
        _ => true,
    };
}
