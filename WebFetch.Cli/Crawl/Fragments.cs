using System.Text;

namespace WebFetch.Crawl;

/// <summary>
/// What a URL's fragment points to, as a browser looks for it (HTML's "find a potential
/// indicated element"): an element whose id or <c>a</c> name is the fragment as written, or
/// percent-decoded as UTF-8. An empty fragment and <c>top</c> need no element: they scroll to the top.
/// </summary>
internal static class Fragments
{
    /// <summary>Whether the fragment needs no element.</summary>
    public static bool AlwaysFound(string fragment) => fragment.Length == 0 || fragment.Equals("top", StringComparison.OrdinalIgnoreCase);

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
