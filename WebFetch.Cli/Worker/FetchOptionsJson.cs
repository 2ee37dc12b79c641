using System.Text.Json;
using WebFetch.Fetching;

namespace WebFetch.Worker;

/// <summary>
/// The JSON of a run's <see cref="FetchOptions"/> as a request carries it
/// (<see cref="Protocol.FetchRequest.Options"/>): written once per run by whoever sends its
/// requests, read by the worker that serves them, in the form the worker settings hold them.
/// </summary>
internal static class FetchOptionsJson
{
    /// <summary>The options as one compact JSON text.</summary>
    public static string Write(FetchOptions options) =>
        JsonSerializer.Serialize(options, WorkerSettingsJson.Compact.FetchOptions);

    /// <summary>
    /// The options <paramref name="json"/> holds, checked as the command line checks them (the
    /// text may come from another machine). A text that is not such options (not JSON, null, a
    /// list left null, a header or selection the command line would refuse) throws a
    /// <see cref="JsonException"/> whose message says why in plain words.
    /// </summary>
    public static FetchOptions Read(string json)
    {
        FetchOptions options = JsonSerializer.Deserialize(json, WorkerSettingsJson.Compact.FetchOptions)
            ?? throw new JsonException("the fetch options are null");
        if (options.Headers is null || options.Selectors is null)
        {
            throw new JsonException($"{(options.Headers is null ? "headers" : "selectors")} is null, not a list");
        }
        if (options.UserAgent is null)
        {
            throw new JsonException("user_agent is null");
        }
        if ((ValueProblem(options) ?? FetchModeProblem(options) ?? MatchRuleProblem(options) ?? FactsProblem(options)) is { } problem)
        {
            throw new JsonException(problem);
        }
        foreach (HeaderField header in options.Headers)
        {
            if (header?.Name is null || header.Value is null)
            {
                throw new JsonException("a header has no name or no value");
            }
            if (!HeaderField.TryParse($"{header.Name}: {header.Value}", out HeaderField? parsed, out string headerProblem) || parsed != header)
            {
                throw new JsonException(parsed is null ? headerProblem : $"header '{header.Name}' is not as -H would give it");
            }
        }
        foreach (SelectorSpec selector in options.Selectors)
        {
            if (selector?.Name is null || selector.Css is null)
            {
                throw new JsonException("a selection has no name or no CSS");
            }
            string text = selector.Attribute is null ? $"{selector.Name}={selector.Css}" : $"{selector.Name}={selector.Css}@{selector.Attribute}";
            if (!SelectorSpec.TryParse(text, out SelectorSpec? parsed, out string selectorProblem) || parsed != selector)
            {
                throw new JsonException(parsed is null ? selectorProblem : $"selection '{selector.Name}' is not as --select would give it");
            }
        }
        return options;
    }

    /// <summary>What keeps a fetch from using the numbers and the proxy of <paramref name="options"/>, or null.</summary>
    private static string? ValueProblem(FetchOptions options)
    {
        if (options.Timeout <= TimeSpan.Zero || options.ConnectTimeout <= TimeSpan.Zero)
        {
            return $"the timeouts must be above zero, not {options.Timeout} and {options.ConnectTimeout}";
        }
        if (options.MaxBytes <= 0 || options.MaxRedirects < 0 || options.Retries < 0)
        {
            return $"max_bytes must be above zero and max_redirects and retries at least zero, not {options.MaxBytes}, {options.MaxRedirects} and {options.Retries}";
        }
        if (options.Selectors.Count > SelectorSpec.MaxSelectors)
        {
            return $"at most {SelectorSpec.MaxSelectors} selections, not {options.Selectors.Count}";
        }
        if (options.Proxy is not null && !Uri.TryCreate(options.Proxy, UriKind.Absolute, out _))
        {
            return "proxy is not an absolute URL"; // not quoted: it may hold a password
        }
        try
        {
            // A timer waits at most int.MaxValue milliseconds: the URL's whole budget must fit.
            return options.TotalBudget.TotalMilliseconds <= int.MaxValue ? null : "the timeouts and retries add up to more time than a fetch can be given";
        }
        catch (OverflowException)
        {
            return "the timeouts and retries add up to more time than a fetch can be given";
        }
    }

    // Issue 18, the crawl's fetch modes.

    /// <summary>What keeps a fetch from using the crawl's fetch modes of <paramref name="options"/>, or null.</summary>
    private static string? FetchModeProblem(FetchOptions options) =>
        options.CaptureBodyBytes is < 0 or > Defaults.MaxCaptureBodyBytes
            ? $"capture_body_bytes must be from 0 to {Defaults.MaxCaptureBodyBytes}, not {options.CaptureBodyBytes}"
            : null;

    // Issue 19, the match rules.

    /// <summary>What keeps the match rules of <paramref name="options"/> from being applied, or null.</summary>
    private static string? MatchRuleProblem(FetchOptions options) =>
        MatchRules.TryCreate(options, out _, out string problem) ? null : problem;

    // Issue 19, facts about each response.

    /// <summary>What keeps the facts <paramref name="options"/> ask for from being recorded, or null.</summary>
    private static string? FactsProblem(FetchOptions options)
    {
        if (options.HeaderOut is null)
        {
            return "header_out is null, not a list";
        }
        if ((options.Fields & ~ResponseFields.All) != 0)
        {
            return $"fields must be a combination of the known fields (0 to {(int)ResponseFields.All}), not {(int)options.Fields}";
        }
        return options.HeaderOut.All(ResponseFieldNames.IsHeaderName) ? null : "header_out holds a name that is not a header name";
    }
}
