using System.Net.Http.Headers;

namespace WebFetch.Fetching;

/// <summary>
/// The headers of a final response as a record carries them (<c>--fields headers</c>,
/// <c>--header-out</c>): names in lower case; the values of a header sent more than once joined
/// with ", " as RFC 9110 (5.3) allows, except <c>set-cookie</c>, whose values (commas in their
/// dates) are joined with a newline; values as received, not re-formatted. A hostile server can
/// send hundreds of KiB of headers: at most <see cref="Defaults.MaxRecordHeaderChars"/> characters
/// of names and values are kept, whole headers in the order received, and the record says when
/// some were left out.
/// </summary>
internal static class ResponseFactsHeaders
{
    /// <summary>
    /// The headers of <paramref name="response"/> (and of its content), only those named in
    /// <paramref name="only"/> (lower case) unless it is empty; <paramref name="truncated"/> when
    /// some did not fit in <paramref name="maxChars"/>.
    /// </summary>
    public static Dictionary<string, string> Of(HttpResponseMessage response, IReadOnlyList<string> only, int maxChars, out bool truncated)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        int room = maxChars;
        truncated = false;
        foreach (KeyValuePair<string, HeaderStringValues> header in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            string name = header.Key.ToLowerInvariant();
            if (only.Count > 0 && !only.Contains(name))
            {
                continue;
            }
            string value = string.Join(name == "set-cookie" ? "\n" : ", ", header.Value);
            if (name.Length + value.Length > room)
            {
                truncated = true;
                continue;
            }
            headers[name] = value;
            room -= name.Length + value.Length;
        }
        return headers;
    }
}
