namespace WebFetch.Queue;

/// <summary>
/// What an agent says of itself every few seconds on <see cref="QueueNames.Agent"/>: who and
/// where it is, how many URLs it can take and holds, how many it has done, and whether it is
/// draining. <c>queue status</c> lists the last beat of each agent and when it came.
/// </summary>
internal sealed record AgentBeat(string Host, int Pid, int Workers, int Concurrency, int InFlight, long Done, bool Draining, DateTimeOffset Started, DateTimeOffset At);
