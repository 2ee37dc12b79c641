using WebFetch.Input;
using WebFetch.Protocol;

namespace WebFetch.Pipeline;

/// <summary>What <see cref="Admission"/> decided for one input line.</summary>
internal abstract record Admitted
{
    private Admitted()
    {
    }

    /// <summary>The resume file already has the line's record: nothing to do, no record.</summary>
    public sealed record Skipped : Admitted;

    /// <summary>The line's record is known without a fetch (an invalid line).</summary>
    public sealed record Recorded(long Sequence, FetchResult Record) : Admitted;

    /// <summary>A repeat of a URL admitted before: its record is a copy of the first one's, with this line's text.</summary>
    public sealed record Repeat(long Sequence, InputLine Line, Task<FetchResult> First) : Admitted;

    /// <summary>A URL to fetch.</summary>
    public sealed record Fetch(Job Job) : Admitted;
}
