using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace WebFetch.Urls;

/// <summary>
/// An http or https URL as the URL Standard parses it (<see cref="UrlParser"/>), with its
/// parts as the standard serialises them: all ASCII, the host mapped to ASCII, and the
/// user name, password, path, query and fragment percent-encoded.
/// </summary>
internal sealed class WebUrl
{
    private readonly string[] _path;

    /// <summary>The href without its fragment, when made already (<see cref="WithFragment"/>): shared by every fragment of one URL.</summary>
    private readonly string? _withoutFragment;

    public WebUrl(string scheme, string username, string password, string host, int? port, string[] path, string? query, string? fragment)
    {
        Scheme = scheme;
        Username = username;
        Password = password;
        Host = host;
        Port = port;
        _path = path;
        Query = query;
        Fragment = fragment;
        Path = path.Length == 0 ? "" : "/" + string.Join('/', path);
        RequestUrl = string.Concat(Scheme, "://", Authority, Path, Query is null ? "" : "?" + Query);
        StringBuilder href = new(Scheme);
        href.Append("://");
        if (HasCredentials)
        {
            href.Append(Username);
            if (Password.Length > 0)
            {
                href.Append(':').Append(Password);
            }
            href.Append('@');
        }
        href.Append(Authority).Append(Path);
        if (Query is not null)
        {
            href.Append('?').Append(Query);
        }
        if (Fragment is not null)
        {
            href.Append('#').Append(Fragment);
        }
        Href = href.ToString();
    }

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; }

    /// <summary>The user name, percent-encoded; empty when there is none.</summary>
    public string Username { get; }

    /// <summary>The password, percent-encoded; empty when there is none.</summary>
    public string Password { get; }

    /// <summary>The host: an ASCII domain, a dotted IPv4 address, or an IPv6 address in brackets.</summary>
    public string Host { get; }

    /// <summary>The port, or null for the scheme's default port.</summary>
    public int? Port { get; }

    /// <summary>The port connected to: <see cref="Port"/> or the scheme's default.</summary>
    public int EffectivePort => Port ?? SpecialScheme.DefaultPort(Scheme);

    /// <summary>The path, <c>/</c> and more.</summary>
    public string Path { get; }

    /// <summary>The query without its <c>?</c>, or null when there is no <c>?</c>.</summary>
    public string? Query { get; }

    /// <summary>The fragment without its <c>#</c>, or null when there is no <c>#</c>.</summary>
    public string? Fragment { get; }

    /// <summary>The path and the query (with its <c>?</c>): what an HTTP request line names.</summary>
    public string PathAndQuery => Query is null ? Path : Path + "?" + Query;

    /// <summary>Host and, unless it is the default, port.</summary>
    public string Authority => Port is int port ? string.Create(CultureInfo.InvariantCulture, $"{Host}:{port}") : Host;

    public bool HasCredentials => Username.Length > 0 || Password.Length > 0;

    /// <summary>The whole URL as the standard serialises it (a browser's <c>href</c>).</summary>
    public string Href { get; }

    /// <summary>The URL as requested: without user name, password and fragment.</summary>
    public string RequestUrl { get; }

    /// <summary><see cref="Href"/> without the fragment, which is never sent.</summary>
    public string HrefWithoutFragment => Fragment is null ? Href : _withoutFragment ?? Href[..^(Fragment.Length + 1)];

    internal IReadOnlyList<string> PathSegments => _path;

    /// <summary>
    /// The same URL with another fragment, given as the parser would serialise it (percent-encoded
    /// already): what parsing the URL with that fragment gives, without parsing it again.
    /// </summary>
    public WebUrl WithFragment(string? fragment) => fragment == Fragment ? this : new WebUrl(this, fragment);

    private WebUrl(WebUrl url, string? fragment)
    {
        Scheme = url.Scheme;
        Username = url.Username;
        Password = url.Password;
        Host = url.Host;
        Port = url.Port;
        _path = url._path;
        Query = url.Query;
        Fragment = fragment;
        Path = url.Path;
        RequestUrl = url.RequestUrl;
        _withoutFragment = url.HrefWithoutFragment;
        Href = fragment is null ? _withoutFragment : string.Concat(_withoutFragment, "#", fragment);
    }

    /// <summary>Parses an absolute URL; a relative reference needs <see cref="TryParse(string, WebUrl?, out WebUrl?, out string?)"/> with a base.</summary>
    public static bool TryParse(string input, [NotNullWhen(true)] out WebUrl? url, [NotNullWhen(false)] out string? error) =>
        UrlParser.TryParse(input, null, out url, out error);

    /// <summary>Parses <paramref name="input"/> against <paramref name="baseUrl"/>, as a browser resolves a link or a redirect's Location.</summary>
    public static bool TryParse(string input, WebUrl? baseUrl, [NotNullWhen(true)] out WebUrl? url, [NotNullWhen(false)] out string? error) =>
        UrlParser.TryParse(input, baseUrl, out url, out error);

    /// <summary>Same scheme, host and port.</summary>
    public bool IsSameOrigin(WebUrl other) =>
        Scheme == other.Scheme && Host == other.Host && EffectivePort == other.EffectivePort;

    public override string ToString() => Href;
}
