using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace WebFetch.Queue;

/// <summary>What a publish acknowledgement means for a message with an id.</summary>
internal static class PubAcks
{
    /// <summary>
    /// Throws when the server did not store the message. A duplicate is stored: the server
    /// already has a message with this id (a job published again by a re-run, a record published
    /// again after a redelivery or a lost acknowledgement), which is what the id is for; the
    /// client's own <c>EnsureSuccess</c> would call it a failure, and a retry would never end.
    /// </summary>
    public static void EnsureStored(this PubAckResponse ack)
    {
        if (!ack.Duplicate)
        {
            ack.EnsureSuccess();
        }
    }
}
