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

    private static readonly string[] Schemes = ["http", "https", "socks4", "socks4a", "socks5"];

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

    /// <summary>A proxy URL as .NET takes it: a supported scheme, or none (http), and a host.</summary>
    public static bool IsProxyUrl(string value)
    {
        string text = value.Trim();
        string withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        return Uri.TryCreate(withScheme, UriKind.Absolute, out Uri? uri)
            && Schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase)
            && uri.Host.Length > 0;
    }
}
