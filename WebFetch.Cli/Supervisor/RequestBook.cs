using System.Collections.Concurrent;

namespace WebFetch.Supervisor;

/// <summary>The URLs in flight by request id: written by the dispatcher, read by the supervisor to say what a killed worker held.</summary>
internal sealed class RequestBook
{
    private readonly ConcurrentDictionary<long, string> _urls = new();

    public void Open(long id, string url) => _urls[id] = url;

    public void Close(long id) => _urls.TryRemove(id, out _);

    public string Describe(long id) => _urls.TryGetValue(id, out string? url) ? url : $"request {id}";
}
