using WebFetch.Input;
using WebFetch.Protocol;

namespace WebFetch.Pipeline;

/// <summary>
/// The first stage after the source: numbers every line that will have a record, and decides
/// what becomes of it (<see cref="Admitted"/>): skipped when the resume file has its record
/// (<see cref="DoneUrls"/>), recorded at once when it is not a URL that can be requested,
/// a repeat that waits for the first occurrence's record (<see cref="DedupCache{T}"/>, bounded
/// in count and in memory), or a job to fetch. Pure logic, not thread-safe: the dispatcher
/// calls it under its lock.
/// </summary>
internal sealed class Admission(DispatchPolicy policy, DoneUrls? done)
{
    /// <summary>The weight of a remembered URL besides its key's characters and its record: the entry and the waiting task, roughly.</summary>
    private const long EntryBytes = 256;

    private readonly DedupCache<TaskCompletionSource<FetchResult>>? _seen =
        policy.Dedup ? new DedupCache<TaskCompletionSource<FetchResult>>(policy.DedupCapacity, policy.DedupBudgetBytes) : null;

    /// <summary>URLs read ahead at most: jobs waiting for their host and repeats waiting for their first occurrence.</summary>
    public int LookAhead => policy.LookAhead;

    /// <summary>The sequence number the next line with a record gets: the count of such lines so far.</summary>
    public long NextSequence { get; private set; }

    /// <summary>Input lines skipped because the resume file already has their record.</summary>
    public long Skipped { get; private set; }

    public Admitted Admit(InputLine line)
    {
        if (done is not null && done.Contains(line.Text))
        {
            Skipped++;
            return new Admitted.Skipped();
        }
        long sequence = NextSequence++;
        if (!line.IsValid)
        {
            return new Admitted.Recorded(sequence,
                FetchResult.Failed(line.Text, ErrorKind.InvalidUrl, $"{line.Problem} ({line.Source} line {line.LineNumber})"));
        }
        if (_seen is null)
        {
            return new Admitted.Fetch(new Job(sequence, line, null, null));
        }
        string key = DedupKey.Of(line.Url!);
        if (_seen.TryGet(key, out TaskCompletionSource<FetchResult> first))
        {
            return new Admitted.Repeat(sequence, line, first.Task);
        }
        var shared = new TaskCompletionSource<FetchResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _seen.Add(key, shared, EntryBytes + (2L * key.Length)); // weighed again once its record is known
        return new Admitted.Fetch(new Job(sequence, line, key, shared));
    }

    /// <summary>
    /// Weighs the entry of a URL whose record is now known, so that the records remembered stay
    /// within the budget: the least recently used go (a later repeat of one is fetched again),
    /// and a record heavier than the whole budget is not kept. The repeats already waiting hold
    /// the record themselves and get their copies either way.
    /// </summary>
    public void Remember(Job job, FetchResult record)
    {
        if (_seen is null || job.Key is null || job.Shared is null)
        {
            return;
        }
        _seen.Weigh(job.Key, job.Shared, EntryBytes + (2L * job.Key.Length) + record.EstimatedBytes());
    }
}
