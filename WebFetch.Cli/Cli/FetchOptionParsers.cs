using System.CommandLine.Parsing;
using System.Globalization;
using WebFetch.Fetching;
using WebFetch.Logs;

namespace WebFetch.Cli;

/// <summary>
/// Parsers for the fetch options a worker applies (headers, proxy, retries, selections).
/// Every problem is a usage error (exit 2) reported before any worker starts.
/// </summary>
internal static class FetchOptionParsers
{
    /// <summary>The most retries one URL may get.</summary>
    public const int MaxRetries = 10;

    /// <summary><c>-H "Name: value"</c>, or <c>-H @FILE</c> for the headers of a file, one a line (<c>@-</c>: stdin).</summary>
    public static HeaderList Headers(ArgumentResult result)
    {
        var headers = new List<HeaderField>();
        var warnings = new List<string>();
        foreach (Token token in result.Tokens)
        {
            if (token.Value.StartsWith('@'))
            {
                if (HeaderFile.TryRead(token.Value[1..], headers, out string fileProblem, out string? warning))
                {
                    warnings.AddRange(warning is null ? [] : [warning]);
                }
                else
                {
                    result.AddError(fileProblem);
                }
            }
            else if (HeaderField.TryParse(token.Value, out HeaderField? header, out string problem))
            {
                headers.Add(header!);
            }
            else
            {
                result.AddError($"--header: {problem}");
            }
        }
        return new HeaderList([.. headers], [.. warnings]);
    }

    public static SelectorSpec[] Selectors(ArgumentResult result)
    {
        var selectors = new List<SelectorSpec>();
        foreach (Token token in result.Tokens)
        {
            if (!SelectorSpec.TryParse(token.Value, out SelectorSpec? spec, out string problem))
            {
                result.AddError($"--select: {problem}");
            }
            else if (selectors.Any(s => s.Name == spec!.Name))
            {
                result.AddError($"--select: the name '{spec!.Name}' is used twice");
            }
            else
            {
                selectors.Add(spec!);
            }
        }
        if (selectors.Count > SelectorSpec.MaxSelectors)
        {
            result.AddError($"--select: at most {SelectorSpec.MaxSelectors} selections, not {selectors.Count}");
        }
        return [.. selectors];
    }

    public static string? Proxy(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }
        string text = result.Tokens[^1].Value;
        if (!ProxyVariables.IsProxy(text))
        {
            result.AddError($"--proxy must be a URL such as http://proxy.example:3128, not '{Redact.Secrets(text)}'");
            return null;
        }
        return text;
    }

    public static int Retries(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return 2;
        }
        string text = result.Tokens[^1].Value;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value > MaxRetries)
        {
            result.AddError($"--retries must be a whole number from 0 to {MaxRetries}, not '{text}'");
            return 2;
        }
        return value;
    }

    // Issue 19, the match rules.

    /// <summary>
    /// A parser of one match rule's text (<see cref="MatchRules"/>): <paramref name="rule"/> puts the
    /// text into otherwise empty fetch options, which are checked as a worker would check them.
    /// </summary>
    public static Func<ArgumentResult, string?> MatchRule(Func<string, FetchOptions> rule) => result =>
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }
        string text = result.Tokens[^1].Value;
        if (!MatchRules.TryCreate(rule(text), out _, out string problem))
        {
            result.AddError(problem);
        }
        return text;
    };

    // Issue 19, facts about each response.

    /// <summary><c>--fields ip,port --fields tls</c>: the facts each record carries; an unknown name is an error that lists the valid ones.</summary>
    public static ResponseFields Fields(ArgumentResult result)
    {
        ResponseFields fields = ResponseFields.None;
        foreach (Token token in result.Tokens)
        {
            if (!ResponseFieldNames.TryAdd(token.Value, ref fields, out string problem))
            {
                result.AddError(problem);
            }
        }
        return fields;
    }

    /// <summary><c>--header-out NAME</c>: the response headers a record carries, by name (case does not matter).</summary>
    public static string[] HeaderNames(ArgumentResult result)
    {
        var names = new List<string>();
        foreach (Token token in result.Tokens)
        {
            if (ResponseFieldNames.IsHeaderName(token.Value))
            {
                names.Add(token.Value.ToLowerInvariant());
            }
            else
            {
                result.AddError($"--header-out: '{token.Value}' is not a header name (letters, digits and !#$%&'*+-.^_`|~, no colon)");
            }
        }
        return [.. names.Distinct(StringComparer.Ordinal)];
    }
}
