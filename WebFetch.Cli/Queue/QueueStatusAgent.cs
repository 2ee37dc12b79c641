namespace WebFetch.Queue;

/// <summary>
/// One agent (<c>webfetch serve</c>) as its last beat told it, and when that beat came
/// (<see cref="Seen"/>, by the queue server's clock; <see cref="SeenSecondsAgo"/> against the
/// clock of the machine that asks). An agent that stopped stays listed with an old beat until
/// the beat expires (<see cref="QueueTopology.AgentsMaxAge"/>).
/// </summary>
internal sealed record QueueStatusAgent(
    string Host,
    int Pid,
    int Workers,
    int Concurrency,
    int InFlight,
    long Done,
    bool Draining,
    DateTimeOffset Started,
    DateTimeOffset Seen,
    long SeenSecondsAgo);
