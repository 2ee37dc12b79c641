using System.Text;
using Serilog;
using WebFetch.Urls;

namespace WebFetch.Fetching;

/// <summary>
/// The credentials a fetch sends to the server, and only to the origin (scheme, host and
/// port) of the URL as given, never to the origin a redirect leads to, as curl does: the
/// <c>Authorization</c> and <c>Cookie</c> headers of the settings, and the user name and
/// password of the URL itself. (Proxy-Authorization is for the proxy, which every hop goes
/// through: it is not one of these.)
/// </summary>
internal sealed class OriginCredentials
{
    private static readonly string[] CredentialHeaders = ["Authorization", "Cookie"];

    private readonly HeaderField[] _headers;
    private readonly bool _hasAuthorization;

    public OriginCredentials(IEnumerable<HeaderField> headers)
    {
        _headers = [.. headers.Where(IsCredential)];
        _hasAuthorization = _headers.Any(h => h.Name.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether a header carries credentials for the server, and so goes only to the origin.</summary>
    public static bool IsCredential(HeaderField header) =>
        CredentialHeaders.Contains(header.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds the credentials to a request for <paramref name="current"/> when it is on the origin of <paramref name="origin"/>.</summary>
    public void AddTo(HttpRequestMessage request, WebUrl current, WebUrl origin)
    {
        string? basic = _hasAuthorization ? null : BasicAuthorization(origin);
        if (_headers.Length == 0 && basic is null)
        {
            return;
        }
        if (!current.IsSameOrigin(origin))
        {
            Log.Debug("{Url}: redirected to another origin; credentials not sent", current.RequestUrl);
            return;
        }
        foreach (HeaderField header in _headers)
        {
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }
        if (basic is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", basic);
        }
    }

    /// <summary>
    /// The user name and password of a URL such as <c>http://user:pa%40ss@host/</c>, as
    /// Basic authentication (RFC 7617, UTF-8 after percent-decoding), which HttpClient would
    /// otherwise drop without a word. They are credentials like <c>-H Authorization</c>: an
    /// explicit Authorization header wins, and a redirect to another origin gets neither.
    /// </summary>
    private static string? BasicAuthorization(WebUrl url) =>
        url.HasCredentials
            ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"{PercentEncoding.DecodeToString(url.Username)}:{PercentEncoding.DecodeToString(url.Password)}"))
            : null;
}
