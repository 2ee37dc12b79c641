using System.CommandLine;
using System.CommandLine.Parsing;
using WebFetch.Fetching;
using WebFetch.Protocol;

namespace WebFetch.Cli;

/// <summary>The options of each fetch, as the workers make it: timeouts, limits, headers, proxy, TLS, retries, what is extracted, what fails.</summary>
internal sealed class FetchOptionGroup
{
    public Option<Duration> Timeout { get; } = new("--timeout")
    {
        Description = "Timeout of each attempt, redirects and body included; seconds, or with a unit: 500ms, 1.5s, 2m, 1h",
        HelpName = "TIME",
        DefaultValueFactory = _ => new Duration(Defaults.Timeout),
        CustomParser = OptionParsers.Time(new Duration(Defaults.Timeout), CommandLineApp.Second),
    };

    public Option<Duration> ConnectTimeout { get; } = new("--connect-timeout")
    {
        Description = "TCP and TLS connect timeout; seconds, or with a unit",
        HelpName = "TIME",
        DefaultValueFactory = _ => new Duration(Defaults.ConnectTimeout),
        CustomParser = OptionParsers.Time(new Duration(Defaults.ConnectTimeout), CommandLineApp.Second),
    };

    public Option<long> MaxBytes { get; } = new("--max-bytes")
    {
        Description = "Largest body read, after decompression; K, M, G suffixes, at most 1G",
        HelpName = "BYTES",
        DefaultValueFactory = _ => Defaults.MaxBytes,
        CustomParser = OptionParsers.Bytes(Defaults.MaxBytes),
    };

    public Option<int> MaxRedirects { get; } = new("--max-redirects")
    {
        Description = "Redirects followed before the URL fails as too_many_redirects; 0 records the redirect itself, with its location",
        HelpName = "N",
        DefaultValueFactory = _ => Defaults.MaxRedirects,
        CustomParser = OptionParsers.Int(0, Defaults.MaxRedirects),
    };

    public Option<string> UserAgent { get; } = new("--user-agent", "-A")
    {
        Description = "User-Agent header",
        HelpName = "TEXT",
        DefaultValueFactory = _ => FetchOptions.DefaultUserAgent,
    };

    public Option<HeaderList> Headers { get; } = new("--header", "-H")
    {
        Description = "Extra request header 'Name: value', or @FILE for the headers of a file, one a line (@-: stdin); repeatable",
        HelpName = "HEADER",
        Arity = ArgumentArity.OneOrMore, // repeatable, as when it was a list of headers
        CustomParser = FetchOptionParsers.Headers,
    };

    public Option<string[]> Variable { get; } = new("--variable")
    {
        Description = "A variable for --expand-header: %NAME imports the environment variable NAME (an error when unset), %NAME=default, name=text; repeatable",
        HelpName = "[%]NAME[=TEXT]",
    };

    public Option<string[]> ExpandHeader { get; } = new("--expand-header")
    {
        Description = "Extra request header with {{NAME}} replaced by a --variable ({{NAME:trim:b64}} applies functions: trim, json, url, b64); repeatable",
        HelpName = "HEADER",
    };

    public Option<string?> Proxy { get; } = new("--proxy")
    {
        Description = "Proxy URL [default: HTTP_PROXY, HTTPS_PROXY, NO_PROXY]",
        HelpName = "URL",
        CustomParser = FetchOptionParsers.Proxy,
    };

    public Option<bool> Insecure { get; } = new("--insecure", "-k") { Description = "Do not verify TLS certificates" };

    public Option<int> Retries { get; } = new("--retries")
    {
        Description = "Retries of a transient failure (connect error, timeout, 408, 429, 502, 503, 504)",
        HelpName = "N",
        DefaultValueFactory = _ => Defaults.Retries,
        CustomParser = FetchOptionParsers.Retries,
    };

    public Option<SelectorSpec[]> Select { get; } = new("--select")
    {
        Description = "Put the text (or @attribute) of the elements CSS matches in select.NAME; repeatable",
        HelpName = "NAME=CSS[@attr]",
        CustomParser = FetchOptionParsers.Selectors,
    };

    public Option<bool> Links { get; } = new("--links") { Description = "List the page's absolute link URLs in link_urls" };

    public Option<bool> Fail { get; } = new("--fail", "-f")
    {
        Description = "Count an HTTP status of 400 or above as a failure: error kind http_status, exit code 1",
    };

    // Issue 19, the match rules and redirects recorded without following them.

    public Option<string?> MatchStatus { get; } = new("--match-status")
    {
        Description = "Count a final status not in the list as a failure (error kind match): statuses, classes, ranges: 200,3xx,500-599",
        HelpName = "LIST",
        CustomParser = FetchOptionParsers.MatchRule(text => new FetchOptions { MatchStatus = text }),
    };

    public Option<string?> FailStatus { get; } = new("--fail-status")
    {
        Description = "Count a final status in the list as a failure (error kind match): statuses, classes, ranges: 404,5xx",
        HelpName = "LIST",
        CustomParser = FetchOptionParsers.MatchRule(text => new FetchOptions { FailStatus = text }),
    };

    public Option<string?> MatchString { get; } = new("--match-string")
    {
        Description = "Count a body whose decoded text does not contain TEXT as a failure (error kind match)",
        HelpName = "TEXT",
        CustomParser = FetchOptionParsers.MatchRule(text => new FetchOptions { MatchString = text }),
    };

    public Option<string?> MatchRegex { get; } = new("--match-regex")
    {
        Description = "Count a body whose decoded text does not match RE (.NET syntax, matched in linear time: no backreferences or lookarounds) as a failure (error kind match)",
        HelpName = "RE",
        CustomParser = FetchOptionParsers.MatchRule(text => new FetchOptions { MatchRegex = text }),
    };

    public Option<string?> FailLength { get; } = new("--fail-length")
    {
        Description = "Count a body length in the range as a failure (error kind match): bytes, both ends included: 0-100, 1000-, -100, 0",
        HelpName = "RANGE",
        CustomParser = FetchOptionParsers.MatchRule(text => new FetchOptions { FailLength = text }),
    };

    public Option<bool> NoFollow { get; } = new("--no-follow")
    {
        Description = "Do not follow redirects: record the redirect itself, with its location (as --max-redirects 0)",
    };

    // Issue 19, facts about each response.

    public Option<ResponseFields> Fields { get; } = new("--fields")
    {
        Description = "Add facts about each response to its record: ip, port, http_version, headers, timing, redirects (as redirect_chain), body_sha256, tls, or all; comma-separated, repeatable",
        HelpName = "LIST",
        Arity = ArgumentArity.OneOrMore, // repeatable
        CustomParser = FetchOptionParsers.Fields,
    };

    public Option<string[]> HeaderOut { get; } = new("--header-out")
    {
        Description = "Record only this response header in headers (implies --fields headers); repeatable",
        HelpName = "NAME",
        CustomParser = FetchOptionParsers.HeaderNames,
    };

    /// <summary>The options in the order --help lists them.</summary>
    public IEnumerable<Option> All =>
        [Timeout, ConnectTimeout, MaxBytes, MaxRedirects, UserAgent, Headers, Variable, ExpandHeader, Proxy, Insecure, Retries, Select, Links, Fail,
            MatchStatus, FailStatus, MatchString, MatchRegex, FailLength, NoFollow,
            Fields, HeaderOut];

    /// <summary>The fetch options of a command line that parsed.</summary>
    public FetchOptions Read(ParseResult result) => new()
    {
        Timeout = result.GetValue(Timeout).Value,
        ConnectTimeout = result.GetValue(ConnectTimeout).Value,
        MaxBytes = result.GetValue(MaxBytes),
        MaxRedirects = result.GetValue(NoFollow) ? 0 : result.GetValue(MaxRedirects),
        UserAgent = result.GetValue(UserAgent) ?? FetchOptions.DefaultUserAgent,
        Headers = [.. (result.GetValue(Headers) ?? HeaderList.Empty).Fields, .. ExpandedHeaders(result.GetValue(Variable), result.GetValue(ExpandHeader), [])],
        Proxy = result.GetValue(Proxy),
        Insecure = result.GetValue(Insecure),
        Retries = result.GetValue(Retries),
        Selectors = result.GetValue(Select) ?? [],
        Links = result.GetValue(Links),
        FailOnHttpError = result.GetValue(Fail),
        MatchStatus = result.GetValue(MatchStatus),
        FailStatus = result.GetValue(FailStatus),
        MatchString = result.GetValue(MatchString),
        MatchRegex = result.GetValue(MatchRegex),
        FailLength = result.GetValue(FailLength),
        Fields = result.GetValue(Fields) | ((result.GetValue(HeaderOut) ?? []).Length > 0 ? ResponseFields.Headers : ResponseFields.None),
        HeaderOut = result.GetValue(HeaderOut) ?? [],
    };

    /// <summary>Reports what keeps the <c>--expand-header</c> headers from being expanded: an unset variable, an unknown function.</summary>
    public void CheckExpandedHeaders(CommandResult command)
    {
        var problems = new List<string>();
        ExpandedHeaders(command.GetValue(Variable), command.GetValue(ExpandHeader), problems);
        problems.ForEach(command.AddError);
    }

    /// <summary>The <c>--expand-header</c> headers with the <c>--variable</c> values put in; what goes wrong is added to <paramref name="problems"/>.</summary>
    private static List<HeaderField> ExpandedHeaders(string[]? variables, string[]? templates, List<string> problems) =>
        HeaderVariables.Expand(variables ?? [], templates ?? [], Environment.GetEnvironmentVariable, problems);
}
