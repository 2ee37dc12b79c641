using System.Buffers;
using System.Text;

namespace WebFetch.Urls;

/// <summary>
/// What a URL's fragment points to, as a browser looks for it (HTML's "find a potential
/// indicated element"): an element whose id or <c>a</c> name is the fragment as written, or
/// percent-decoded as UTF-8. An empty fragment and <c>top</c> need no element: they scroll to the top.
/// A line range <c>872-894</c>, as rustdoc links into its source pages, names no element: the
/// page's script highlights the lines whose elements have the ids <c>872</c> to <c>894</c>, so
/// the range is found when the page has an element for its first and its last line.
/// </summary>
internal static class Fragments
{
    /// <summary>Whether the fragment needs no element.</summary>
    public static bool AlwaysFound(string fragment) => fragment.Length == 0 || fragment.Equals("top", StringComparison.OrdinalIgnoreCase);

    /// <summary>What the URL parser keeps as written in a fragment: printable ASCII but the fragment percent-encode set's <c>" &lt; &gt; `</c>.</summary>
    public static readonly SearchValues<char> Plain = SearchValues.Create(
        new string([.. Enumerable.Range('!', '~' - '!' + 1).Select(c => (char)c).Where(c => c is not ('"' or '<' or '>' or '`'))]));

    /// <summary>
    /// Whether a page whose anchors <paramref name="hasAnchor"/> tells has the element
    /// <paramref name="fragment"/> points to (<see cref="Targets"/>, or a line range's first and
    /// last line); an empty fragment and <c>top</c> are not looked for here (<see cref="AlwaysFound"/>).
    /// </summary>
    public static bool Found(string fragment, Func<string, bool> hasAnchor)
    {
        foreach (string target in Targets(fragment))
        {
            if (hasAnchor(target))
            {
                return true;
            }
        }
        return IsLineRange(fragment, out string first, out string last) && hasAnchor(first) && hasAnchor(last);
    }

    /// <summary>The anchor values that satisfy <paramref name="fragment"/>.</summary>
    public static IEnumerable<string> Targets(string fragment)
    {
        yield return fragment;
        if (fragment.Contains('%', StringComparison.Ordinal))
        {
            string decoded = Decode(fragment);
            if (decoded != fragment)
            {
                yield return decoded;
            }
        }
    }

    /// <summary>The first and last line of a fragment <c>A-B</c> (ASCII digits, A not above B), as rustdoc's source pages read it; false for any other fragment.</summary>
    public static bool IsLineRange(string fragment, out string first, out string last)
    {
        int dash = fragment.IndexOf('-', StringComparison.Ordinal);
        first = dash > 0 ? fragment[..dash] : "";
        last = dash > 0 ? fragment[(dash + 1)..] : "";
        return IsLineNumber(first) && IsLineNumber(last)
            && (first.Length < last.Length || (first.Length == last.Length && string.CompareOrdinal(first, last) <= 0));
    }

    private static bool IsLineNumber(string text) => text.Length is > 0 and <= 9 && text[0] != '0' && text.All(char.IsAsciiDigit);

    private static string Decode(string fragment)
    {
        var bytes = new List<byte>(fragment.Length);
        for (int i = 0; i < fragment.Length; i++)
        {
            if (fragment[i] == '%' && i + 2 < fragment.Length && Uri.IsHexDigit(fragment[i + 1]) && Uri.IsHexDigit(fragment[i + 2]))
            {
                bytes.Add(Convert.ToByte(fragment.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(fragment[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }
}
