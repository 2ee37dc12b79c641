using NATS.Client.Core;

namespace WebFetch.Queue;

/// <summary>
/// Where the queue is and how to prove who we are: <c>nats://HOST:PORT</c> (or <c>tls://</c>),
/// with a user and password (<c>nats://USER:PASSWORD@HOST</c>) or a token (<c>nats://TOKEN@HOST</c>)
/// in the URL, a NATS credentials file, a CA file for TLS. A secret in the URL is on the command
/// line, which every user of the machine can read (<c>ps</c>): it can come from the environment
/// instead, <see cref="PasswordVariable"/> for the user the URL names (<c>nats://USER@HOST</c>),
/// <see cref="TokenVariable"/> for a URL without one. <see cref="Display"/> is the address
/// without its secrets: the only form that goes into a log line or an error.
/// </summary>
internal sealed class QueueAddress
{
    private readonly string? _user;
    private readonly string? _password;
    private readonly string? _token;

    /// <summary>The environment variable that holds the password of the user named in <c>--queue</c>.</summary>
    public const string PasswordVariable = "WEBFETCH_QUEUE_PASSWORD";

    /// <summary>The environment variable that holds the token, for a <c>--queue</c> URL without credentials.</summary>
    public const string TokenVariable = "WEBFETCH_QUEUE_TOKEN";

    private QueueAddress(Uri server, string? user, string? password, string? token, string? credsFile, string? tlsCaFile)
    {
        Server = server;
        _user = user;
        _password = password;
        _token = token;
        CredsFile = credsFile;
        TlsCaFile = tlsCaFile;
    }

    /// <summary>The server's URL without credentials.</summary>
    public Uri Server { get; }

    public string? CredsFile { get; }

    public string? TlsCaFile { get; }

    /// <summary>The address as a log line or an error may show it.</summary>
    public string Display => Server.GetLeftPart(UriPartial.Authority);

    /// <summary>Whether a password or a token came in the URL itself (so on the command line), not from the environment.</summary>
    public bool SecretInUrl { get; private init; }

    /// <summary>
    /// Parses the <c>--queue</c> value; throws <see cref="FormatException"/> with a message for the user.
    /// <paramref name="password"/> and <paramref name="token"/> are the values of
    /// <see cref="PasswordVariable"/> and <see cref="TokenVariable"/>, if set.
    /// </summary>
    public static QueueAddress Parse(string value, string? credsFile = null, string? tlsCaFile = null, string? password = null, string? token = null)
    {
        QueueAddress inUrl = ParseUrl(value, credsFile, tlsCaFile);
        if (password is { Length: > 0 })
        {
            if (inUrl._token is null || inUrl._user is not null)
            {
                throw new FormatException($"{PasswordVariable} is set: --queue must name the user it is the password of, and only the user: nats://USER@HOST:PORT");
            }
            return new QueueAddress(inUrl.Server, user: inUrl._token, password, token: null, credsFile, tlsCaFile);
        }
        if (token is { Length: > 0 })
        {
            if (inUrl._token is not null || inUrl._user is not null)
            {
                throw new FormatException($"{TokenVariable} is set: --queue must have no credentials of its own: nats://HOST:PORT");
            }
            return new QueueAddress(inUrl.Server, user: null, password: null, token, credsFile, tlsCaFile);
        }
        return inUrl;
    }

    /// <summary><see cref="Parse"/> with the secrets of <see cref="PasswordVariable"/> and <see cref="TokenVariable"/>, if set.</summary>
    public static QueueAddress ParseWithEnvironment(string value, string? credsFile = null, string? tlsCaFile = null) =>
        Parse(value, credsFile, tlsCaFile, Environment.GetEnvironmentVariable(PasswordVariable), Environment.GetEnvironmentVariable(TokenVariable));

    private static QueueAddress ParseUrl(string value, string? credsFile, string? tlsCaFile)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("nats" or "tls") || uri.Host.Length == 0)
        {
            throw new FormatException("--queue: expected nats://HOST:PORT or tls://HOST:PORT (credentials may come before the host: nats://USER:PASSWORD@HOST:PORT)");
        }
        if (uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new FormatException("--queue: a queue address has no path, query or fragment: nats://HOST:PORT");
        }
        string? user = null, password = null, token = null;
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':');
            if (colon < 0)
            {
                token = Uri.UnescapeDataString(uri.UserInfo);
            }
            else
            {
                user = Uri.UnescapeDataString(uri.UserInfo[..colon]);
                password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }
        var server = new UriBuilder(uri.Scheme, uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 4222 : uri.Port).Uri;
        return new QueueAddress(server, user, password, token, credsFile, tlsCaFile) { SecretInUrl = password is not null || token is not null };
    }

    /// <summary>The client's options: this address, its credentials, and a client name that says which command and host connect.</summary>
    public NatsOpts Options(string clientName) => NatsOpts.Default with
    {
        Url = Server.ToString(),
        Name = clientName,
        AuthOpts = NatsAuthOpts.Default with
        {
            Username = _user,
            Password = _password,
            Token = _token,
            CredsFile = CredsFile,
        },
        TlsOpts = TlsCaFile is null && Server.Scheme != "tls"
            ? NatsTlsOpts.Default
            : NatsTlsOpts.Default with { Mode = TlsMode.Require, CaFile = TlsCaFile },
    };
}
