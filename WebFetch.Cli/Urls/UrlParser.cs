using System.Diagnostics.CodeAnalysis;

namespace WebFetch.Urls;

/// <summary>
/// The URL Standard's basic URL parser (https://url.spec.whatwg.org/#concept-basic-url-parser)
/// for URLs whose result is http or https, with or without a base: the same state machine,
/// reduced to the states a special scheme goes through. A URL with any other scheme, or a
/// relative reference without a base, is a failure that says so.
/// </summary>
/// <remarks>The state machine itself, one method a state, is <see cref="BasicUrlParser"/>.</remarks>
internal static class UrlParser
{
    public static bool TryParse(string input, WebUrl? baseUrl, [NotNullWhen(true)] out WebUrl? url, [NotNullWhen(false)] out string? error)
    {
        var machine = new BasicUrlParser(Preprocess(input), baseUrl);
        url = null;
        error = null;
        if (!machine.Run())
        {
            error = machine.Error!;
            return false;
        }
        url = machine.Result();
        return true;
    }

    /// <summary>
    /// Leading and trailing C0 controls and spaces are removed, and so is every tab, line feed
    /// and carriage return, wherever it is.
    /// </summary>
    private static string Preprocess(string input)
    {
        string trimmed = input.AsSpan().Trim(C0ControlOrSpace).ToString();
        return trimmed.AsSpan().IndexOfAny('\t', '\n', '\r') < 0
            ? trimmed
            : trimmed.Replace("\t", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
    }

    private static readonly string C0ControlOrSpace = string.Concat(Enumerable.Range(0, 0x21).Select(i => (char)i));
}
