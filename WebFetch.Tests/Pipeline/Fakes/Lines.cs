using WebFetch.Input;

namespace WebFetch.Tests.Pipeline.Fakes;

/// <summary>Input lines as the source gives them, parsed by the real line parser.</summary>
internal static class Lines
{
    public static InputLine Of(string text, long lineNumber = 1) =>
        UrlLineParser.Parse(text, "urls.txt", lineNumber) ?? throw new ArgumentException($"'{text}' is a skipped line", nameof(text));
}
