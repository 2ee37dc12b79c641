using WebFetch.Protocol;

namespace WebFetch.Output;

/// <summary>Writes records in one output format. Throws <see cref="OutputFailedException"/> when the output cannot take them.</summary>
internal interface IRecordWriter : IDisposable
{
    void Write(FetchResult record);

    /// <summary>Waits until every record written so far has reached the output; takes no more records after.</summary>
    void Complete();
}
