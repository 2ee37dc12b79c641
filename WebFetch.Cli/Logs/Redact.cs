using System.Text;
using System.Text.RegularExpressions;

namespace WebFetch.Logs;

/// <summary>
/// Hides credentials in text meant for stderr: the user name and password of every URL
/// (<c>http://user:pass@host/</c> becomes <c>http://***@host/</c>; a user name alone is often
/// a token, as in <c>https://TOKEN@host/</c>, so it goes too) and the value of every
/// <c>Authorization</c>, <c>Proxy-Authorization</c> and <c>Cookie</c> header. Every log line
/// passes through it (<see cref="Logging"/>), and so does every usage error.
/// </summary>
internal static partial class Redact
{
    public const string Mask = "***";

    /// <summary>
    /// <paramref name="text"/> with its credentials masked. A URL is found as the URL Standard
    /// reads one: a scheme and a colon, any slashes or backslashes, then an authority up to the
    /// next <c>/</c>, <c>\</c>, <c>?</c> or <c>#</c> (or the end of the line), whose user
    /// information ends at its last <c>@</c>. Spaces do not end it, as a space is allowed
    /// (percent-encoded) in a password; what looks like a URL and is not loses at most some
    /// text before an <c>@</c>, which is the safe way to be wrong.
    /// </summary>
    public static string Secrets(string text)
    {
        string masked = text.Contains('@', StringComparison.Ordinal) ? UserInformation(text) : text;
        return CredentialHeader().Replace(masked, match => match.Groups["head"].Value + Mask);
    }

    private static string UserInformation(string text)
    {
        StringBuilder? result = null;
        int copied = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiLetter(text[i]) || (i > 0 && IsSchemeChar(text[i - 1])))
            {
                i++;
                continue;
            }
            int colon = i + 1;
            while (colon < text.Length && IsSchemeChar(text[colon]))
            {
                colon++;
            }
            if (colon >= text.Length || text[colon] != ':')
            {
                i = colon;
                continue;
            }
            int start = colon + 1;
            while (start < text.Length && text[start] is '/' or '\\')
            {
                start++;
            }
            int end = start;
            while (end < text.Length && text[end] is not ('/' or '\\' or '?' or '#' or '\n' or '\r'))
            {
                end++;
            }
            int at = end > start ? text.LastIndexOf('@', end - 1, end - start) : -1;
            if (at < start)
            {
                i = colon + 1;
                continue;
            }
            result ??= new StringBuilder(text.Length);
            result.Append(text, copied, start - copied).Append(Mask);
            copied = at;
            i = end;
        }
        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    private static bool IsSchemeChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.';

    /// <summary>
    /// A credential header and its value, to the end of the line: <c>Authorization: Bearer x</c>.
    /// The name starts the text or follows a space, a quote or a bracket, so that a URL ending
    /// in <c>/Headers/Cookie</c>, followed by <c>: dispatched</c>, keeps its line.
    /// </summary>
    [GeneratedRegex(@"(?<head>(?<=^|[\s'""(\[{,;])(?:Proxy-Authorization|Authorization|Cookie)\s*:\s*)(?=\S)[^\r\n]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialHeader();
}
