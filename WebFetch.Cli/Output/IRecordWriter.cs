using WebFetch.Protocol;

namespace WebFetch.Output;

/// <summary>Writes records in one output format. Throws <see cref="OutputClosedException"/> when the output is gone.</summary>
internal interface IRecordWriter : IDisposable
{
    void Write(FetchResult record);

    /// <summary>Waits until every record written so far has reached the output; takes no more records after.</summary>
    void Complete();
}
