using WebFetch.Protocol;

namespace WebFetch.Output;

/// <summary>Writes records in one output format, each flushed at once. Throws <see cref="OutputClosedException"/> when the output is gone.</summary>
internal interface IRecordWriter : IDisposable
{
    void Write(FetchResult record);
}
