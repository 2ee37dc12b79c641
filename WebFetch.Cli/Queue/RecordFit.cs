using System.Text.Json;
using WebFetch.Protocol;

namespace WebFetch.Queue;

/// <summary>
/// A record as it is published, within the largest message the queue server takes (its
/// <c>max_payload</c>, 1 MiB unless its operator raised it), which a worker's record may pass
/// (up to 4 MiB): a page of many thousand links, as a crawl asks for them. Such a record cannot
/// be published at all, and its job would come back for ever. So the lists a page brings back
/// are cut to fit, and the record says so as it does when a page passes their own bounds
/// (<c>links_truncated</c>, <c>anchors_truncated</c>); a record still too large (a large
/// <c>--select</c>) becomes a <c>too_large</c> error that says why.
/// </summary>
internal static class RecordFit
{
    /// <summary>Room left in a message for its headers (the job's key, the message id).</summary>
    public const int HeaderRoom = 1024;

    /// <summary>Cuts at most this many times before the record is given up as too large.</summary>
    private const int MaxCuts = 8;

    /// <summary>The record's JSON, within <paramref name="maxPayload"/> bytes (null: the server did not say; then as it is).</summary>
    public static byte[] Serialize(FetchResult record, long? maxPayload)
    {
        byte[] data = JsonSerializer.SerializeToUtf8Bytes(record, ProtocolJson.Compact.FetchResult);
        if (maxPayload is not long max || data.Length + HeaderRoom <= max)
        {
            return data;
        }
        long limit = max - HeaderRoom;
        int size = data.Length;
        for (int cut = 0; data.Length > limit && cut < MaxCuts && HasLists(record); cut++)
        {
            double keep = 0.9 * limit / data.Length;
            record = record with
            {
                FoundLinks = Cut(record.FoundLinks, keep),
                LinkUrls = Cut(record.LinkUrls, keep),
                LinksTruncated = record.FoundLinks is { Count: > 0 } || record.LinkUrls is { Count: > 0 } ? true : record.LinksTruncated,
                Anchors = Cut(record.Anchors, keep),
                AnchorsTruncated = record.Anchors is { Count: > 0 } ? true : record.AnchorsTruncated,
            };
            data = JsonSerializer.SerializeToUtf8Bytes(record, ProtocolJson.Compact.FetchResult);
        }
        if (data.Length > limit)
        {
            record = record with
            {
                FoundLinks = null, LinkUrls = null, Anchors = null, Select = null, Body = null,
                Error = new FetchError(ErrorKind.TooLarge, $"the record ({size} bytes) is larger than the queue server takes in one message ({max} bytes, its max_payload)"),
            };
            data = JsonSerializer.SerializeToUtf8Bytes(record, ProtocolJson.Compact.FetchResult);
        }
        return data;
    }

    private static bool HasLists(FetchResult record) =>
        record.FoundLinks is { Count: > 0 } || record.LinkUrls is { Count: > 0 } || record.Anchors is { Count: > 0 };

    private static IReadOnlyList<T>? Cut<T>(IReadOnlyList<T>? list, double keep) =>
        list is { Count: > 0 } ? [.. list.Take((int)(list.Count * keep))] : list;
}
