namespace WebFetch.Cli;

/// <summary>
/// The proxy variables the workers' HttpClient reads when <c>--proxy</c> is not given
/// (<c>http_proxy</c>, <c>https_proxy</c>, <c>all_proxy</c>, lower case first, as .NET reads
/// them). .NET skips a value it cannot read as a proxy without a word, so a mistyped one
/// sends every request direct, and the run fails with DNS or connect errors that do not
/// name the cause. This names it.
/// </summary>
internal static class ProxyVariables
{
    private static readonly string[][] Pairs = [["http_proxy", "HTTP_PROXY"], ["https_proxy", "HTTPS_PROXY"], ["all_proxy", "ALL_PROXY"]];

    /// <summary>The variables in effect whose value is not a proxy URL, with that value.</summary>
    public static IEnumerable<(string Name, string Value)> Unusable(Func<string, string?> environment)
    {
        foreach (string[] pair in Pairs)
        {
            string? name = pair.FirstOrDefault(n => !string.IsNullOrEmpty(environment(n)));
            if (name is not null && !IsProxyUrl(environment(name)!))
            {
                yield return (name, environment(name)!);
            }
        }
    }

    /// <summary>A proxy variable's value as .NET takes it: a proxy URL, whose scheme may be left out (http).</summary>
    public static bool IsProxyUrl(string value)
    {
        string text = value.Trim();
        return IsProxy(text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text);
    }

    /// <summary>A proxy URL, as <c>--proxy</c> takes it too: absolute, a scheme the handler speaks, and a host.</summary>
    public static bool IsProxy(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? uri)
        && uri.Scheme is "http" or "https" or "socks4" or "socks4a" or "socks5"
        && uri.Host.Length > 0;
}
