using System.Buffers;
using System.Globalization;
using System.Text;

namespace WebFetch.Crawl;

/// <summary>
/// Reads a robots.txt (RFC 9309, section 2) for one product token: the lines, the groups, and
/// the rules of the groups that apply to that token.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Bytes: UTF-8, a byte order mark (whole or its first bytes, as Google's parser allows)
/// skipped, lines ended by LF, CR or CRLF, <c>#</c> starting a comment, at most
/// <see cref="Defaults.MaxRobotsBytes"/> read; a line the bound cuts is dropped, and so is the
/// last line of a file the fetcher truncated.</item>
/// <item>Lines: <c>name: value</c>, the name in any case; a missing colon is forgiven
/// (<c>disallow /</c>, as Google reads it); unknown names are ignored and end nothing.</item>
/// <item>Groups: one or more <c>User-agent</c> lines, then the rules (<c>Allow</c>,
/// <c>Disallow</c>, and <c>Crawl-delay</c>) up to the next <c>User-agent</c> line after a rule.
/// A <c>User-agent</c> value is matched by its product token, the letters, <c>_</c> and
/// <c>-</c> it starts with, in any case. The groups that name the token are merged and used;
/// when none does, the <c>*</c> groups are merged and used; when there is none, nothing is
/// disallowed. Rules before the first group are ignored.</item>
/// <item>Patterns: empty ones are ignored (an empty Disallow disallows nothing); one that
/// does not start with <c>/</c> or <c>*</c> is read as starting with <c>/</c>.</item>
/// <item><c>Crawl-delay</c> (not in the RFC, widely used): seconds, decimals allowed; the
/// largest of the group(s) used, at most <see cref="Defaults.MaxCrawlDelay"/>; a value that is not a
/// number is ignored. <c>Sitemap</c> lines are collected wherever they stand.</item>
/// </list>
/// </remarks>
internal sealed class RobotsParser
{
    /// <summary>The bytes of a product token (RFC 9309, section 2.2.1).</summary>
    private static readonly SearchValues<byte> ProductTokenBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-"u8);

    private readonly string _token;
    private readonly List<RobotsRule> _specific = [];
    private readonly List<RobotsRule> _global = [];
    private readonly List<string> _sitemaps = [];
    private readonly HashSet<string> _sitemapsSeen = new(StringComparer.Ordinal);
    private bool _specificSeen;
    private bool _globalSeen;
    private double? _specificDelay;
    private double? _globalDelay;
    private bool _inAgents;
    private bool _groupSpecific;
    private bool _groupGlobal;

    private RobotsParser(string token) => _token = token;

    /// <summary>
    /// The rules of <paramref name="content"/> for the product token <paramref name="token"/>;
    /// <paramref name="truncated"/> when the content is the start of a longer file (its last
    /// line, without a line end, is then dropped, as is one the bound cuts).
    /// </summary>
    public static RobotsRules Parse(ReadOnlySpan<byte> content, string token, bool truncated)
    {
        var parser = new RobotsParser(token);
        bool cut = truncated || content.Length >= Defaults.MaxRobotsBytes;
        content = SkipByteOrderMark(content[..Math.Min(content.Length, Defaults.MaxRobotsBytes)]);
        while (!content.IsEmpty)
        {
            int end = content.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0 && cut)
            {
                break; // the bound cut this line: half a rule could say the opposite of the whole
            }
            ReadOnlySpan<byte> line = end < 0 ? content : content[..end];
            parser.ReadLine(line);
            int next = end < 0 ? content.Length : end + (content[end] == '\r' && end + 1 < content.Length && content[end + 1] == '\n' ? 2 : 1);
            content = content[next..];
        }
        return parser.Result();
    }

    private static ReadOnlySpan<byte> SkipByteOrderMark(ReadOnlySpan<byte> content)
    {
        ReadOnlySpan<byte> mark = [0xEF, 0xBB, 0xBF];
        int i = 0;
        while (i < mark.Length && i < content.Length && content[i] == mark[i])
        {
            i++;
        }
        return content[i..];
    }

    private void ReadLine(ReadOnlySpan<byte> line)
    {
        int comment = line.IndexOf((byte)'#');
        line = (comment >= 0 ? line[..comment] : line).Trim(" \t"u8);
        int colon = line.IndexOf((byte)':');
        int split = colon >= 0 ? colon : line.IndexOfAny(" \t"u8);
        if (split <= 0)
        {
            return;
        }
        ReadOnlySpan<byte> name = line[..split].TrimEnd(" \t"u8);
        ReadOnlySpan<byte> value = line[(split + 1)..].Trim(" \t"u8);
        if (Ascii.EqualsIgnoreCase(name, "user-agent"u8))
        {
            UserAgent(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "allow"u8))
        {
            Rule(value, allow: true);
        }
        else if (Ascii.EqualsIgnoreCase(name, "disallow"u8))
        {
            Rule(value, allow: false);
        }
        else if (Ascii.EqualsIgnoreCase(name, "crawl-delay"u8))
        {
            CrawlDelay(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "sitemap"u8) && !value.IsEmpty)
        {
            string sitemap = Encoding.UTF8.GetString(value);
            if (_sitemapsSeen.Add(sitemap))
            {
                _sitemaps.Add(sitemap);
            }
        }
    }

    private void UserAgent(ReadOnlySpan<byte> value)
    {
        if (!_inAgents)
        {
            _inAgents = true;
            _groupSpecific = _groupGlobal = false;
        }
        if (value is [(byte)'*', ..] && (value.Length == 1 || value[1] is (byte)' ' or (byte)'\t'))
        {
            _groupGlobal = _globalSeen = true;
            return;
        }
        int length = value.IndexOfAnyExcept(ProductTokenBytes);
        ReadOnlySpan<byte> product = length < 0 ? value : value[..length];
        if (!product.IsEmpty && Ascii.EqualsIgnoreCase(product, _token))
        {
            _groupSpecific = _specificSeen = true;
        }
    }

    /// <summary>Whether the group the line is in applies (a rule before any group is in none); a rule ends the group's list of agents.</summary>
    private bool InGroup()
    {
        _inAgents = false;
        return _groupSpecific || _groupGlobal;
    }

    private void Rule(ReadOnlySpan<byte> value, bool allow)
    {
        if (!InGroup() || value.IsEmpty)
        {
            return;
        }
        string pattern = RobotsPath.Normalize(value);
        var rule = new RobotsRule(pattern[0] is '/' or '*' ? pattern : "/" + pattern, allow);
        if (_groupSpecific)
        {
            _specific.Add(rule);
        }
        if (_groupGlobal)
        {
            _global.Add(rule);
        }
    }

    private void CrawlDelay(ReadOnlySpan<byte> value)
    {
        if (!InGroup() || !double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds)
            || !double.IsFinite(seconds))
        {
            return;
        }
        if (_groupSpecific)
        {
            _specificDelay = Math.Max(_specificDelay ?? 0, seconds);
        }
        if (_groupGlobal)
        {
            _globalDelay = Math.Max(_globalDelay ?? 0, seconds);
        }
    }

    private RobotsRules Result()
    {
        bool specific = _specificSeen;
        List<RobotsRule> rules = specific ? _specific : _global;
        double? delay = specific ? _specificDelay : _globalSeen ? _globalDelay : null;
        TimeSpan? crawlDelay = delay is double seconds ? TimeSpan.FromSeconds(Math.Min(seconds, Defaults.MaxCrawlDelay.TotalSeconds)) : null;
        return new RobotsRules(rules, crawlDelay, _sitemaps);
    }
}
