using System.Globalization;
using System.Text;

namespace WebFetch.Tests.Crawl;

/// <summary>One expectation of Data/google-robotstxt-cases.txt (see the README there): a robots.txt, an agent, a URL, allowed or not.</summary>
public sealed record GoogleRobotsCase(string Name, byte[] Robots, string Agent, string Url, bool Allowed)
{
    public override string ToString() => $"{Name}: {(Allowed ? "allow" : "disallow")} {Agent} {Url}";

    public static IEnumerable<GoogleRobotsCase> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Crawl", "Data", "google-robotstxt-cases.txt");
        string name = "";
        var robots = new List<byte>();
        foreach (string line in File.ReadLines(path, Encoding.UTF8))
        {
            if (line.StartsWith("case ", StringComparison.Ordinal))
            {
                name = line[5..];
                robots.Clear();
            }
            else if (line.StartsWith("robots ", StringComparison.Ordinal))
            {
                robots.AddRange(Unescape(line[7..]));
            }
            else if (line.Split(' ') is [("allow" or "disallow") and string verdict, string agent, string url])
            {
                yield return new GoogleRobotsCase(name, [.. robots], agent, url, verdict == "allow");
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                throw new InvalidDataException($"{path}: a line that is no case, robots, allow or disallow: {line}");
            }
        }
    }

    /// <summary>The path and query of <paramref name="url"/> as Google's GetPathParamsQuery takes them: from the first / or ? after the host to the fragment.</summary>
    public static string PathAndQuery(string url)
    {
        int host = url.IndexOf("://", StringComparison.Ordinal) + 3;
        int start = url.IndexOfAny(['/', '?'], host);
        if (start < 0)
        {
            return "/";
        }
        int fragment = url.IndexOf('#', start);
        string path = fragment < 0 ? url[start..] : url[start..fragment];
        return path.StartsWith('/') ? path : "/" + path;
    }

    /// <summary>The bytes of a C string literal's text: \n, \r, \\ and \xHH escapes, other characters as UTF-8.</summary>
    private static List<byte> Unescape(string text)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                continue;
            }
            char escape = text[++i];
            switch (escape)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 'x':
                    bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                default: bytes.Add((byte)escape); break;
            }
        }
        return bytes;
    }
}
