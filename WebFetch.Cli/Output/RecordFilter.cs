namespace WebFetch.Output;

/// <summary>Which records a run writes: all of them, or only one side (<c>--only-failed</c>, <c>--only-ok</c>).</summary>
internal enum RecordFilter
{
    /// <summary>Every record.</summary>
    All,

    /// <summary>Only the records with an error (<c>--only-failed</c>).</summary>
    OnlyFailed,

    /// <summary>Only the records without an error, whatever their status (<c>--only-ok</c>).</summary>
    OnlyOk,
}
