using WebFetch.Urls;

namespace WebFetch.Input;

/// <summary>
/// One line of input after validation. <see cref="Text"/> is the input as given (trimmed,
/// and shortened when it is too long to echo); <see cref="Url"/> is set when the line is an
/// http(s) URL as the URL Standard parses it, and one that can be requested; otherwise
/// <see cref="Problem"/> says why it is not.
/// </summary>
internal sealed record InputLine(string Text, WebUrl? Url, string? Problem, string Source, long LineNumber)
{
    public bool IsValid => Url is not null;

    /// <summary>The place of the line's file among the run's inputs (0-based, stdin counting as its position): with <see cref="LineNumber"/>, where the line is, the same in every run of the same command.</summary>
    public int FileIndex { get; init; }
}
