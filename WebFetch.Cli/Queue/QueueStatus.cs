namespace WebFetch.Queue;

/// <summary>
/// What the queue holds and who works on it, read at one moment by <c>queue status</c>: the
/// runs, the jobs waiting and held, the messages of records waiting for their collector, and
/// the agents with their last beat. <see cref="QueueExists"/> is false on a server where no
/// collector or agent has set the streams up yet; every count is then zero.
/// </summary>
internal sealed record QueueStatus(
    string Server,
    bool QueueExists,
    DateTimeOffset At,
    IReadOnlyList<QueueStatusRun> Runs,
    QueueStatusJobs Jobs,
    long RecordMessagesWaiting,
    IReadOnlyList<QueueStatusAgent> Agents)
{
    /// <summary>The status of a server without the webfetch streams.</summary>
    public static QueueStatus None(string server, DateTimeOffset at) =>
        new(server, QueueExists: false, at, [], new QueueStatusJobs(0, 0, 0, 0), 0, []);
}
