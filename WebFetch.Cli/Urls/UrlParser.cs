using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace WebFetch.Urls;

/// <summary>
/// The URL Standard's basic URL parser (https://url.spec.whatwg.org/#concept-basic-url-parser)
/// for URLs whose result is http or https, with or without a base: the same state machine,
/// reduced to the states a special scheme goes through. A URL with any other scheme, or a
/// relative reference without a base, is a failure that says so.
/// </summary>
internal static class UrlParser
{
    public static bool TryParse(string input, WebUrl? baseUrl, [NotNullWhen(true)] out WebUrl? url, [NotNullWhen(false)] out string? error)
    {
        string text = Preprocess(input);
        string scheme = "";
        string username = "";
        string password = "";
        string? host = null;
        int? port = null;
        List<string> path = [];
        string? query = null;
        StringBuilder? fragment = null;

        var buffer = new StringBuilder();
        bool atSignSeen = false;
        bool insideBrackets = false;
        bool passwordTokenSeen = false;
        UrlParserState state = UrlParserState.SchemeStart;
        url = null;
        error = null;

        for (int pointer = 0; pointer <= text.Length; pointer++)
        {
            int c = pointer < text.Length ? text[pointer] : -1; // -1 is the end of input
            switch (state)
            {
                case UrlParserState.SchemeStart:
                    if (char.IsAsciiLetter((char)c) && c != -1)
                    {
                        buffer.Append(char.ToLowerInvariant((char)c));
                        state = UrlParserState.Scheme;
                    }
                    else
                    {
                        state = UrlParserState.NoScheme;
                        pointer--;
                    }
                    break;

                case UrlParserState.Scheme:
                    if (c != -1 && (char.IsAsciiLetterOrDigit((char)c) || c is '+' or '-' or '.'))
                    {
                        buffer.Append(char.ToLowerInvariant((char)c));
                    }
                    else if (c == ':')
                    {
                        scheme = buffer.ToString();
                        buffer.Clear();
                        if (!SpecialScheme.IsHttp(scheme))
                        {
                            error = $"scheme '{scheme}' is not http or https";
                            return false;
                        }
                        state = baseUrl is not null && baseUrl.Scheme == scheme
                            ? UrlParserState.SpecialRelativeOrAuthority
                            : UrlParserState.SpecialAuthoritySlashes;
                    }
                    else
                    {
                        buffer.Clear();
                        state = UrlParserState.NoScheme;
                        pointer = -1;
                    }
                    break;

                case UrlParserState.NoScheme:
                    if (baseUrl is null)
                    {
                        error = "not an absolute URL (no scheme)";
                        return false;
                    }
                    state = UrlParserState.Relative;
                    pointer--;
                    break;

                case UrlParserState.SpecialRelativeOrAuthority:
                    if (c == '/' && At(text, pointer + 1) == '/')
                    {
                        state = UrlParserState.SpecialAuthorityIgnoreSlashes;
                        pointer++;
                    }
                    else
                    {
                        state = UrlParserState.Relative;
                        pointer--;
                    }
                    break;

                case UrlParserState.Relative:
                    scheme = baseUrl!.Scheme;
                    if (c is '/' or '\\')
                    {
                        state = UrlParserState.RelativeSlash;
                    }
                    else
                    {
                        (username, password, host, port) = (baseUrl.Username, baseUrl.Password, baseUrl.Host, baseUrl.Port);
                        path = [.. baseUrl.PathSegments];
                        query = baseUrl.Query;
                        if (c == '?')
                        {
                            query = "";
                            state = UrlParserState.Query;
                        }
                        else if (c == '#')
                        {
                            fragment = new StringBuilder();
                            state = UrlParserState.Fragment;
                        }
                        else if (c != -1)
                        {
                            query = null;
                            Shorten(path);
                            state = UrlParserState.Path;
                            pointer--;
                        }
                    }
                    break;

                case UrlParserState.RelativeSlash:
                    if (c is '/' or '\\')
                    {
                        state = UrlParserState.SpecialAuthorityIgnoreSlashes;
                    }
                    else
                    {
                        (username, password, host, port) = (baseUrl!.Username, baseUrl.Password, baseUrl.Host, baseUrl.Port);
                        state = UrlParserState.Path;
                        pointer--;
                    }
                    break;

                case UrlParserState.SpecialAuthoritySlashes:
                    state = UrlParserState.SpecialAuthorityIgnoreSlashes;
                    if (c == '/' && At(text, pointer + 1) == '/')
                    {
                        pointer++;
                    }
                    else
                    {
                        pointer--;
                    }
                    break;

                case UrlParserState.SpecialAuthorityIgnoreSlashes:
                    if (c is not ('/' or '\\'))
                    {
                        state = UrlParserState.Authority;
                        pointer--;
                    }
                    break;

                case UrlParserState.Authority:
                    if (c == '@')
                    {
                        if (atSignSeen)
                        {
                            buffer.Insert(0, "%40");
                        }
                        atSignSeen = true;
                        string credentials = buffer.ToString();
                        var user = new StringBuilder(username);
                        var pass = new StringBuilder(password);
                        for (int i = 0; i < credentials.Length;)
                        {
                            if (credentials[i] == ':' && !passwordTokenSeen)
                            {
                                passwordTokenSeen = true;
                                i++;
                                continue;
                            }
                            i += PercentEncoding.AppendEncoded(passwordTokenSeen ? pass : user, credentials, i, PercentEncodeSet.Userinfo);
                        }
                        (username, password) = (user.ToString(), pass.ToString());
                        buffer.Clear();
                    }
                    else if (c is -1 or '/' or '?' or '#' or '\\')
                    {
                        if (atSignSeen && buffer.Length == 0)
                        {
                            error = "the URL has credentials but no host";
                            return false;
                        }
                        pointer -= buffer.Length + 1;
                        buffer.Clear();
                        state = UrlParserState.Host;
                    }
                    else
                    {
                        buffer.Append((char)c);
                    }
                    break;

                case UrlParserState.Host:
                    if (c == ':' && !insideBrackets)
                    {
                        if (buffer.Length == 0)
                        {
                            error = "the URL has no host";
                            return false;
                        }
                        if (!HostParser.TryParse(buffer.ToString(), out host, out error))
                        {
                            return false;
                        }
                        buffer.Clear();
                        state = UrlParserState.Port;
                    }
                    else if (c is -1 or '/' or '?' or '#' or '\\')
                    {
                        pointer--;
                        if (buffer.Length == 0)
                        {
                            error = "the URL has no host";
                            return false;
                        }
                        if (!HostParser.TryParse(buffer.ToString(), out host, out error))
                        {
                            return false;
                        }
                        buffer.Clear();
                        state = UrlParserState.PathStart;
                    }
                    else
                    {
                        if (c == '[')
                        {
                            insideBrackets = true;
                        }
                        else if (c == ']')
                        {
                            insideBrackets = false;
                        }
                        buffer.Append((char)c);
                    }
                    break;

                case UrlParserState.Port:
                    if (c is >= '0' and <= '9')
                    {
                        buffer.Append((char)c);
                    }
                    else if (c is -1 or '/' or '?' or '#' or '\\')
                    {
                        if (buffer.Length > 0)
                        {
                            string digits = buffer.ToString().TrimStart('0');
                            if (digits.Length > 5 || (digits.Length > 0 && int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) > 65535))
                            {
                                error = $"port {buffer} is out of range (0 to 65535)";
                                return false;
                            }
                            int number = digits.Length == 0 ? 0 : int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
                            port = number == SpecialScheme.DefaultPort(scheme) ? null : number;
                            buffer.Clear();
                        }
                        state = UrlParserState.PathStart;
                        pointer--;
                    }
                    else
                    {
                        error = $"the port is not a number ('{PortText(text, pointer, buffer)}')";
                        return false;
                    }
                    break;

                case UrlParserState.PathStart:
                    state = UrlParserState.Path;
                    if (c is not ('/' or '\\'))
                    {
                        pointer--;
                    }
                    break;

                case UrlParserState.Path:
                    if (c is -1 or '/' or '\\' or '?' or '#')
                    {
                        bool slash = c is '/' or '\\';
                        if (DotSegments.IsDoubleDot(buffer.ToString()))
                        {
                            Shorten(path);
                            if (!slash)
                            {
                                path.Add("");
                            }
                        }
                        else if (DotSegments.IsSingleDot(buffer.ToString()))
                        {
                            if (!slash)
                            {
                                path.Add("");
                            }
                        }
                        else
                        {
                            path.Add(buffer.ToString());
                        }
                        buffer.Clear();
                        if (c == '?')
                        {
                            query = "";
                            state = UrlParserState.Query;
                        }
                        else if (c == '#')
                        {
                            fragment = new StringBuilder();
                            state = UrlParserState.Fragment;
                        }
                    }
                    else
                    {
                        pointer += PercentEncoding.AppendEncoded(buffer, text, pointer, PercentEncodeSet.Path) - 1;
                    }
                    break;

                case UrlParserState.Query:
                    if (c is -1 or '#')
                    {
                        var encoded = new StringBuilder(query);
                        PercentEncoding.AppendEncoded(encoded, buffer.ToString(), PercentEncodeSet.SpecialQuery);
                        query = encoded.ToString();
                        buffer.Clear();
                        if (c == '#')
                        {
                            fragment = new StringBuilder();
                            state = UrlParserState.Fragment;
                        }
                    }
                    else
                    {
                        buffer.Append((char)c);
                    }
                    break;

                case UrlParserState.Fragment:
                    if (c != -1)
                    {
                        pointer += PercentEncoding.AppendEncoded(fragment!, text, pointer, PercentEncodeSet.Fragment) - 1;
                    }
                    break;

                default:
                    throw new InvalidOperationException($"unexpected parser state {state}");
            }
        }
        url = new WebUrl(scheme, username, password, host!, port, [.. path], query, fragment?.ToString());
        return true;
    }

    /// <summary>
    /// Leading and trailing C0 controls and spaces are removed, and so is every tab, line feed
    /// and carriage return, wherever it is.
    /// </summary>
    private static string Preprocess(string input)
    {
        string trimmed = input.AsSpan().Trim(C0ControlOrSpace).ToString();
        return trimmed.AsSpan().IndexOfAny('\t', '\n', '\r') < 0
            ? trimmed
            : trimmed.Replace("\t", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
    }

    private static readonly string C0ControlOrSpace = string.Concat(Enumerable.Range(0, 0x21).Select(i => (char)i));

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
