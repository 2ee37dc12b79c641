using System.Buffers;

namespace WebFetch.Urls;

/// <summary>
/// Plain relative references resolved against one http(s) base without the parser. A page's
/// links are mostly of this form (<c>../vec/struct.Vec.html#method.push</c>), and the parser
/// builds and serialises a whole URL for each. A reference is plain when it has no scheme and
/// no authority and every character is one that the URL Standard neither percent-encodes,
/// strips nor reads as a dot segment in its place: ASCII letters and digits and
/// <c>-._~!$&amp;()*+,;=:@/</c> throughout, and <c>?</c> and <c>%</c> after the path. Its
/// result is then the Standard's, character for character (the base's path with its last
/// segment removed, the reference's segments appended, <c>.</c> and <c>..</c> applied);
/// anything else gets null, and the caller parses it. A base with userinfo has no plain
/// references: the parsers disagree on whether a relative reference keeps it.
/// </summary>
internal sealed class PlainReferences
{
    /// <summary>The base up to its path: scheme, <c>//</c>, host and port.</summary>
    private readonly string _origin;

    /// <summary>The base's path (it starts with <c>/</c>).</summary>
    private readonly string _path;

    /// <summary>The base without its fragment.</summary>
    private readonly string _withoutFragment;

    private PlainReferences(string origin, string path, string withoutFragment)
    {
        _origin = origin;
        _path = path;
        _withoutFragment = withoutFragment;
    }

    /// <summary>The resolver for a base serialised as the URL Standard does; null unless it is an http or https URL without userinfo.</summary>
    public static PlainReferences? For(string baseHref)
    {
        int schemeEnd = baseHref.StartsWith("http://", StringComparison.Ordinal) ? 7
            : baseHref.StartsWith("https://", StringComparison.Ordinal) ? 8
            : -1;
        if (schemeEnd < 0)
        {
            return null;
        }
        int pathStart = baseHref.AsSpan(schemeEnd).IndexOfAny('/', '?', '#');
        if (pathStart < 0 || baseHref[schemeEnd + pathStart] != '/' || baseHref.AsSpan(schemeEnd, pathStart).Contains('@'))
        {
            return null; // userinfo, or not as the Standard serialises a special URL: its path starts with '/'
        }
        pathStart += schemeEnd;
        int hash = baseHref.IndexOf('#', pathStart);
        string withoutFragment = hash < 0 ? baseHref : baseHref[..hash];
        int pathEnd = withoutFragment.IndexOf('?', pathStart);
        return new PlainReferences(
            baseHref[..pathStart],
            withoutFragment[pathStart..(pathEnd < 0 ? withoutFragment.Length : pathEnd)],
            withoutFragment);
    }

    /// <summary>The reference resolved against the base, serialised; null when it is not plain.</summary>
    public string? Resolve(string reference)
    {
        int pathEnd = reference.AsSpan().IndexOfAny('?', '#');
        if (pathEnd < 0)
        {
            pathEnd = reference.Length;
        }
        ReadOnlySpan<char> path = reference.AsSpan(0, pathEnd);
        ReadOnlySpan<char> rest = reference.AsSpan(pathEnd);
        if (path.ContainsAnyExcept(PathCharacters) || !IsPlainRest(rest) || HasScheme(path))
        {
            return null;
        }
        if (path.IsEmpty)
        {
            return rest.IsEmpty ? _withoutFragment
                : rest[0] == '#' ? string.Concat(_withoutFragment, reference)
                : string.Concat(_origin, _path, reference);
        }
        if (path.StartsWith("//"))
        {
            return null; // an authority
        }
        int length = _origin.Length + _path.Length + reference.Length + 1;
        char[]? rented = null;
        Span<char> buffer = length <= 512 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            _origin.CopyTo(buffer);
            int pathStart = _origin.Length;
            int end = pathStart;
            if (path[0] == '/')
            {
                path = path[1..];
            }
            else
            {
                ReadOnlySpan<char> directory = _path.AsSpan(0, _path.LastIndexOf('/'));
                directory.CopyTo(buffer[end..]);
                end += directory.Length;
            }
            while (true)
            {
                int slash = path.IndexOf('/');
                ReadOnlySpan<char> segment = slash < 0 ? path : path[..slash];
                bool last = slash < 0;
                if (segment is "..")
                {
                    end = pathStart + Math.Max(0, buffer[pathStart..end].LastIndexOf('/'));
                    if (last)
                    {
                        buffer[end++] = '/';
                    }
                }
                else if (segment is ".")
                {
                    if (last)
                    {
                        buffer[end++] = '/';
                    }
                }
                else
                {
                    buffer[end++] = '/';
                    segment.CopyTo(buffer[end..]);
                    end += segment.Length;
                }
                if (last)
                {
                    break;
                }
                path = path[(slash + 1)..];
            }
            rest.CopyTo(buffer[end..]);
            end += rest.Length;
            return new string(buffer[..end]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>A query and fragment kept as written: the path's characters, <c>?</c>, <c>%</c>, and no second <c>#</c>.</summary>
    private static bool IsPlainRest(ReadOnlySpan<char> rest)
    {
        if (rest.IsEmpty)
        {
            return true;
        }
        int hash = rest[1..].IndexOf('#');
        return hash < 0 ? !rest[1..].ContainsAnyExcept(RestCharacters)
            : rest[0] == '?' && !rest[1..(hash + 1)].ContainsAnyExcept(RestCharacters) && !rest[(hash + 2)..].ContainsAnyExcept(RestCharacters);
    }

    /// <summary>A colon before the first slash: a scheme, or a path the parser might read as one.</summary>
    private static bool HasScheme(ReadOnlySpan<char> path)
    {
        int slash = path.IndexOf('/');
        return (slash < 0 ? path : path[..slash]).Contains(':');
    }

    private const string Unencoded = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&()*+,;=:@/";

    private static readonly SearchValues<char> PathCharacters = SearchValues.Create(Unencoded);

    private static readonly SearchValues<char> RestCharacters = SearchValues.Create(Unencoded + "?%");
}
