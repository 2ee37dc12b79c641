using NATS.Client.Core;

namespace WebFetch.Queue;

/// <summary>
/// Where the queue is and how to prove who we are: <c>nats://HOST:PORT</c> (or <c>tls://</c>),
/// with a user and password (<c>nats://USER:PASSWORD@HOST</c>) or a token (<c>nats://TOKEN@HOST</c>)
/// in the URL, a NATS credentials file, a CA file for TLS. <see cref="Display"/> is the address
/// without its secrets: the only form that goes into a log line or an error.
/// </summary>
internal sealed class QueueAddress
{
    private readonly string? _user;
    private readonly string? _password;
    private readonly string? _token;

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

    /// <summary>Parses the <c>--queue</c> value; throws <see cref="FormatException"/> with a message for the user.</summary>
    public static QueueAddress Parse(string value, string? credsFile = null, string? tlsCaFile = null)
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
        return new QueueAddress(server, user, password, token, credsFile, tlsCaFile);
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
