using System.Text.RegularExpressions;
using WebFetch.Protocol;

namespace WebFetch.Fetching;

/// <summary>
/// The httpx-like rules of what counts as a failure (issue 19): <c>--match-status</c>,
/// <c>--fail-status</c>, <c>--fail-length</c>, <c>--match-string</c> and <c>--match-regex</c>.
/// A response that breaks one is an error of kind <see cref="ErrorKind.Match"/> whose message
/// names the rule; its fields are kept. Made from the <see cref="FetchOptions"/> texts, by the
/// parent to check them and by the worker to apply them.
/// </summary>
internal sealed class MatchRules
{
    private StatusSet? _matchStatus;
    private StatusSet? _failStatus;
    private LengthRange? _failLength;
    private string? _matchString;
    private Regex? _matchRegex;

    private MatchRules()
    {
    }

    /// <summary>Whether a rule reads the body's text.</summary>
    public bool ReadsBody => _matchString is not null || _matchRegex is not null;

    /// <summary>The rules of <paramref name="options"/>; false with the reason when one of them is not valid.</summary>
    public static bool TryCreate(FetchOptions options, out MatchRules rules, out string problem)
    {
        rules = new MatchRules { _matchString = options.MatchString };
        problem = "";
        if (options.MatchStatus is { } match && !StatusSet.TryParse(match, out rules._matchStatus, out problem))
        {
            problem = $"--match-status: {problem}";
        }
        else if (options.FailStatus is { } fail && !StatusSet.TryParse(fail, out rules._failStatus, out problem))
        {
            problem = $"--fail-status: {problem}";
        }
        else if (options.FailLength is { } length && !LengthRange.TryParse(length, out rules._failLength, out problem))
        {
            problem = $"--fail-length: {problem}";
        }
        else if (options.MatchRegex is { } pattern && !TryCreateRegex(pattern, out rules._matchRegex, out problem))
        {
            problem = $"--match-regex: {problem}";
        }
        else if (options.MatchString is "")
        {
            problem = "--match-string: the text is empty";
        }
        return problem.Length == 0;
    }

    /// <summary>The rules of <paramref name="options"/>, already checked by the parent or when their JSON was read.</summary>
    public static MatchRules Of(FetchOptions options) =>
        TryCreate(options, out MatchRules rules, out string problem) ? rules : throw new ArgumentException(problem, nameof(options));

    /// <summary>The error of kind <see cref="ErrorKind.Match"/> for the first rule the answer in <paramref name="result"/> breaks, or null (also when there was no answer).</summary>
    public FetchError? ErrorOf(FetchResultBuilder result) =>
        result.Status is int status && (ResponseProblem(status, result.Length) ?? result.BodyRuleProblem) is { } broken
            ? new FetchError(ErrorKind.Match, broken)
            : null;

    /// <summary>The rule a response of <paramref name="status"/> and <paramref name="length"/> bytes breaks, in words, or null.</summary>
    public string? ResponseProblem(int status, long length)
    {
        if (_matchStatus is not null && !_matchStatus.Contains(status))
        {
            return $"status {status} is not in --match-status {_matchStatus.Text}";
        }
        if (_failStatus is not null && _failStatus.Contains(status))
        {
            return $"status {status} is in --fail-status {_failStatus.Text}";
        }
        if (_failLength is not null && _failLength.Contains(length))
        {
            return $"length {length} is in --fail-length {_failLength.Text}";
        }
        return null;
    }

    /// <summary>The rule the body's <paramref name="text"/> breaks, in words, or null.</summary>
    public string? BodyProblem(string text)
    {
        if (_matchString is not null && !text.Contains(_matchString, StringComparison.Ordinal))
        {
            return $"the body does not contain the --match-string text '{_matchString}'";
        }
        if (_matchRegex is not null && !_matchRegex.IsMatch(text))
        {
            return $"the body does not match --match-regex {_matchRegex}";
        }
        return null;
    }

    /// <summary>
    /// A regex that runs in time linear in the text (<see cref="RegexOptions.NonBacktracking"/>),
    /// so a hostile page cannot hold a worker; false when the pattern is not valid or needs
    /// backtracking (backreferences, lookarounds).
    /// </summary>
    private static bool TryCreateRegex(string pattern, out Regex? regex, out string problem)
    {
        regex = null;
        problem = "";
        try
        {
            regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            return true;
        }
        catch (ArgumentException e)
        {
            problem = $"'{pattern}' is not a valid regular expression: {e.Message}";
        }
        catch (NotSupportedException e)
        {
            problem = $"'{pattern}' needs what a linear-time match cannot do (backreferences, lookarounds, atomic groups): {e.Message}";
        }
        return false;
    }
}
