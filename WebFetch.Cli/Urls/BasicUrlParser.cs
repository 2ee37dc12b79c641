using System.Text;

namespace WebFetch.Urls;

/// <summary>
/// One run of the URL Standard's basic URL parser (https://url.spec.whatwg.org/#concept-basic-url-parser)
/// over a preprocessed input, for <see cref="UrlParser"/>: the URL record being built, the
/// buffer, the flags and the pointer. Each state method sees the code point at the pointer
/// (-1 at the end of input), may move the pointer and the state, and returns false with
/// <see cref="Error"/> set when the input is a failure.
/// </summary>
/// <remarks>
/// The file is one algorithm and stays together so that it reads in the spec's order: each
/// state is one method named for the spec's state, grouped as the spec groups them (scheme,
/// relative, authority and host, path, query and fragment).
/// </remarks>
internal sealed class BasicUrlParser(string text, WebUrl? baseUrl)
{
    private string _scheme = "";
    private string _username = "";
    private string _password = "";
    private string? _host;
    private int? _port;
    private List<string> _path = [];
    private string? _query;
    private StringBuilder? _fragment;

    private readonly StringBuilder _buffer = new();
    private bool _atSignSeen;
    private bool _insideBrackets;
    private bool _passwordTokenSeen;
    private UrlParserState _state = UrlParserState.SchemeStart;
    private int _pointer;

    public string? Error { get; private set; }

    /// <summary>Runs every state from the start of input to its end (the end included, as -1).</summary>
    public bool Run()
    {
        for (_pointer = 0; _pointer <= text.Length; _pointer++)
        {
            int c = _pointer < text.Length ? text[_pointer] : -1; // -1 is the end of input
            if (!Step(c))
            {
                return false;
            }
        }
        return true;
    }

    public WebUrl Result() => new(_scheme, _username, _password, _host!, _port, [.. _path], _query, _fragment?.ToString());

    private bool Step(int c) => _state switch
    {
        UrlParserState.SchemeStart => SchemeStartState(c),
        UrlParserState.Scheme => SchemeState(c),
        UrlParserState.NoScheme => NoSchemeState(),
        UrlParserState.SpecialRelativeOrAuthority => SpecialRelativeOrAuthorityState(c),
        UrlParserState.Relative => RelativeState(c),
        UrlParserState.RelativeSlash => RelativeSlashState(c),
        UrlParserState.SpecialAuthoritySlashes => SpecialAuthoritySlashesState(c),
        UrlParserState.SpecialAuthorityIgnoreSlashes => SpecialAuthorityIgnoreSlashesState(c),
        UrlParserState.Authority => AuthorityState(c),
        UrlParserState.Host => HostState(c),
        UrlParserState.Port => PortState(c),
        UrlParserState.PathStart => PathStartState(c),
        UrlParserState.Path => PathState(c),
        UrlParserState.Query => QueryState(c),
        UrlParserState.Fragment => FragmentState(c),
        _ => throw new InvalidOperationException($"unexpected parser state {_state}"),
    };

    private bool Fail(string error)
    {
        Error = error;
        return false;
    }

    // Scheme: https://url.spec.whatwg.org/#scheme-start-state and the two states after it.

    /// <summary>Scheme start state: an ASCII letter starts a scheme; anything else means no scheme.</summary>
    private bool SchemeStartState(int c)
    {
        if (char.IsAsciiLetter((char)c) && c != -1)
        {
            _buffer.Append(char.ToLowerInvariant((char)c));
            _state = UrlParserState.Scheme;
        }
        else
        {
            _state = UrlParserState.NoScheme;
            _pointer--;
        }
        return true;
    }

    /// <summary>
    /// Scheme state: collects the scheme up to the colon; a scheme other than http(s) is a
    /// failure; without a colon the input starts over in the no scheme state.
    /// </summary>
    private bool SchemeState(int c)
    {
        if (c != -1 && (char.IsAsciiLetterOrDigit((char)c) || c is '+' or '-' or '.'))
        {
            _buffer.Append(char.ToLowerInvariant((char)c));
        }
        else if (c == ':')
        {
            _scheme = _buffer.ToString();
            _buffer.Clear();
            if (!SpecialScheme.IsHttp(_scheme))
            {
                return Fail($"scheme '{_scheme}' is not http or https");
            }
            _state = baseUrl is not null && baseUrl.Scheme == _scheme
                ? UrlParserState.SpecialRelativeOrAuthority
                : UrlParserState.SpecialAuthoritySlashes;
        }
        else
        {
            _buffer.Clear();
            _state = UrlParserState.NoScheme;
            _pointer = -1;
        }
        return true;
    }

    /// <summary>No scheme state: without a base the input is not a URL; with one, it is relative to it.</summary>
    private bool NoSchemeState()
    {
        if (baseUrl is null)
        {
            return Fail("not an absolute URL (no scheme)");
        }
        _state = UrlParserState.Relative;
        _pointer--;
        return true;
    }

    // Relative: https://url.spec.whatwg.org/#special-relative-or-authority-state to the relative slash state.

    /// <summary>Special relative or authority state: <c>//</c> starts an authority, anything else is relative.</summary>
    private bool SpecialRelativeOrAuthorityState(int c)
    {
        if (c == '/' && At(text, _pointer + 1) == '/')
        {
            _state = UrlParserState.SpecialAuthorityIgnoreSlashes;
            _pointer++;
        }
        else
        {
            _state = UrlParserState.Relative;
            _pointer--;
        }
        return true;
    }

    /// <summary>
    /// Relative state: the scheme is the base's; a slash goes on to the relative slash state,
    /// anything else takes the base's authority, path and query and replaces what it names.
    /// </summary>
    private bool RelativeState(int c)
    {
        _scheme = baseUrl!.Scheme;
        if (c is '/' or '\\')
        {
            _state = UrlParserState.RelativeSlash;
            return true;
        }
        (_username, _password, _host, _port) = (baseUrl.Username, baseUrl.Password, baseUrl.Host, baseUrl.Port);
        _path = [.. baseUrl.PathSegments];
        _query = baseUrl.Query;
        if (!EnterQueryOrFragment(c) && c != -1)
        {
            _query = null;
            Shorten(_path);
            _state = UrlParserState.Path;
            _pointer--;
        }
        return true;
    }

    /// <summary>Relative slash state: a second slash starts an authority; otherwise the base's authority with a new path.</summary>
    private bool RelativeSlashState(int c)
    {
        if (c is '/' or '\\')
        {
            _state = UrlParserState.SpecialAuthorityIgnoreSlashes;
        }
        else
        {
            (_username, _password, _host, _port) = (baseUrl!.Username, baseUrl.Password, baseUrl.Host, baseUrl.Port);
            _state = UrlParserState.Path;
            _pointer--;
        }
        return true;
    }

    // Authority and host: https://url.spec.whatwg.org/#special-authority-slashes-state to the port state.

    /// <summary>Special authority slashes state: skips <c>//</c> if it is there.</summary>
    private bool SpecialAuthoritySlashesState(int c)
    {
        _state = UrlParserState.SpecialAuthorityIgnoreSlashes;
        if (c == '/' && At(text, _pointer + 1) == '/')
        {
            _pointer++;
        }
        else
        {
            _pointer--;
        }
        return true;
    }

    /// <summary>Special authority ignore slashes state: skips any further slashes and backslashes.</summary>
    private bool SpecialAuthorityIgnoreSlashesState(int c)
    {
        if (c is not ('/' or '\\'))
        {
            _state = UrlParserState.Authority;
            _pointer--;
        }
        return true;
    }

    /// <summary>
    /// Authority state: text up to an <c>@</c> is credentials (the last <c>@</c> wins, earlier
    /// ones are encoded); at the end of the authority the pointer goes back to its host.
    /// </summary>
    private bool AuthorityState(int c)
    {
        if (c == '@')
        {
            if (_atSignSeen)
            {
                _buffer.Insert(0, "%40");
            }
            _atSignSeen = true;
            AppendCredentials(_buffer.ToString());
            _buffer.Clear();
        }
        else if (c is -1 or '/' or '?' or '#' or '\\')
        {
            if (_atSignSeen && _buffer.Length == 0)
            {
                return Fail("the URL has credentials but no host");
            }
            _pointer -= _buffer.Length + 1;
            _buffer.Clear();
            _state = UrlParserState.Host;
        }
        else
        {
            _buffer.Append((char)c);
        }
        return true;
    }

    /// <summary>The authority state's credentials: up to the first colon the username, after it the password, both userinfo-encoded.</summary>
    private void AppendCredentials(string credentials)
    {
        var user = new StringBuilder(_username);
        var pass = new StringBuilder(_password);
        for (int i = 0; i < credentials.Length;)
        {
            if (credentials[i] == ':' && !_passwordTokenSeen)
            {
                _passwordTokenSeen = true;
                i++;
                continue;
            }
            i += PercentEncoding.AppendEncoded(_passwordTokenSeen ? pass : user, credentials, i, PercentEncodeSet.Userinfo);
        }
        (_username, _password) = (user.ToString(), pass.ToString());
    }

    /// <summary>
    /// Host state: the host ends at a colon outside brackets (a port follows) or at the end
    /// of the authority; it must not be empty and goes through the host parser.
    /// </summary>
    private bool HostState(int c)
    {
        if (c == ':' && !_insideBrackets)
        {
            if (!TryTakeHost())
            {
                return false;
            }
            _state = UrlParserState.Port;
        }
        else if (c is -1 or '/' or '?' or '#' or '\\')
        {
            _pointer--;
            if (!TryTakeHost())
            {
                return false;
            }
            _state = UrlParserState.PathStart;
        }
        else
        {
            if (c == '[')
            {
                _insideBrackets = true;
            }
            else if (c == ']')
            {
                _insideBrackets = false;
            }
            _buffer.Append((char)c);
        }
        return true;
    }

    /// <summary>The host state's end: an empty host is a failure, otherwise the buffer is host-parsed.</summary>
    private bool TryTakeHost()
    {
        if (_buffer.Length == 0)
        {
            return Fail("the URL has no host");
        }
        if (!HostParser.TryParse(_buffer.ToString(), out _host, out string? error))
        {
            return Fail(error);
        }
        _buffer.Clear();
        return true;
    }

    /// <summary>
    /// Port state: ASCII digits up to the end of the authority, at most 65535; the scheme's
    /// default port is no port. Any other character is a failure.
    /// </summary>
    private bool PortState(int c)
    {
        if (c is >= '0' and <= '9')
        {
            _buffer.Append((char)c);
        }
        else if (c is -1 or '/' or '?' or '#' or '\\')
        {
            if (_buffer.Length > 0)
            {
                string digits = _buffer.ToString().TrimStart('0');
                if (digits.Length > 5 || (digits.Length > 0 && int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) > 65535))
                {
                    return Fail($"port {_buffer} is out of range (0 to 65535)");
                }
                int number = digits.Length == 0 ? 0 : int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
                _port = number == SpecialScheme.DefaultPort(_scheme) ? null : number;
                _buffer.Clear();
            }
            _state = UrlParserState.PathStart;
            _pointer--;
        }
        else
        {
            return Fail($"the port is not a number ('{PortText(text, _pointer, _buffer)}')");
        }
        return true;
    }

    // Path: https://url.spec.whatwg.org/#path-start-state and the path state.

    /// <summary>Path start state: a leading slash or backslash belongs to no segment.</summary>
    private bool PathStartState(int c)
    {
        _state = UrlParserState.Path;
        if (c is not ('/' or '\\'))
        {
            _pointer--;
        }
        return true;
    }

    /// <summary>
    /// Path state: collects a segment, path-encoded, up to a slash, backslash, <c>?</c>,
    /// <c>#</c> or the end; then a query or fragment may start.
    /// </summary>
    private bool PathState(int c)
    {
        if (c is not (-1 or '/' or '\\' or '?' or '#'))
        {
            _pointer += PercentEncoding.AppendEncoded(_buffer, text, _pointer, PercentEncodeSet.Path) - 1;
            return true;
        }
        EndSegment(slash: c is '/' or '\\');
        EnterQueryOrFragment(c);
        return true;
    }

    /// <summary>A <c>?</c> starts the query state with an empty query, a <c>#</c> the fragment state; true when <paramref name="c"/> was one of them.</summary>
    private bool EnterQueryOrFragment(int c)
    {
        if (c == '?')
        {
            _query = "";
            _state = UrlParserState.Query;
            return true;
        }
        if (c == '#')
        {
            _fragment = new StringBuilder();
            _state = UrlParserState.Fragment;
            return true;
        }
        return false;
    }

    /// <summary>
    /// The path state's end of a segment: <c>..</c> removes the last segment, <c>.</c> adds
    /// none, and either leaves an empty last segment when no slash follows.
    /// </summary>
    private void EndSegment(bool slash)
    {
        if (DotSegments.IsDoubleDot(_buffer.ToString()))
        {
            Shorten(_path);
            if (!slash)
            {
                _path.Add("");
            }
        }
        else if (DotSegments.IsSingleDot(_buffer.ToString()))
        {
            if (!slash)
            {
                _path.Add("");
            }
        }
        else
        {
            _path.Add(_buffer.ToString());
        }
        _buffer.Clear();
    }

    // Query and fragment: https://url.spec.whatwg.org/#query-state and the fragment state.

    /// <summary>Query state: the query up to <c>#</c> or the end, encoded with the special-query set.</summary>
    private bool QueryState(int c)
    {
        if (c is -1 or '#')
        {
            var encoded = new StringBuilder(_query);
            PercentEncoding.AppendEncoded(encoded, _buffer.ToString(), PercentEncodeSet.SpecialQuery);
            _query = encoded.ToString();
            _buffer.Clear();
            if (c == '#')
            {
                _fragment = new StringBuilder();
                _state = UrlParserState.Fragment;
            }
        }
        else
        {
            _buffer.Append((char)c);
        }
        return true;
    }

    /// <summary>Fragment state: the rest of the input, encoded with the fragment set.</summary>
    private bool FragmentState(int c)
    {
        if (c != -1)
        {
            _pointer += PercentEncoding.AppendEncoded(_fragment!, text, _pointer, PercentEncodeSet.Fragment) - 1;
        }
        return true;
    }

    private static int At(string text, int index) => index < text.Length ? text[index] : -1;

    /// <summary>Removes the path's last segment, if any (<c>..</c>, or the file name a relative reference replaces).</summary>
    private static void Shorten(List<string> path)
    {
        if (path.Count > 0)
        {
            path.RemoveAt(path.Count - 1);
        }
    }

    /// <summary>The port as written, up to the end of the authority, for the message.</summary>
    private static string PortText(string text, int pointer, StringBuilder digits)
    {
        int end = text.AsSpan(pointer).IndexOfAny("/?#\\");
        return digits + (end < 0 ? text[pointer..] : text.Substring(pointer, end));
    }
}
