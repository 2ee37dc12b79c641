namespace WebFetch.Queue;

/// <summary>What an agent does with a job once its workers are done with it (<see cref="DeliveryRules.Judge"/>).</summary>
internal enum DeliveryVerdict
{
    /// <summary>Publish the record, then acknowledge the job: it is done.</summary>
    Publish,

    /// <summary>Lost with a worker here, with deliveries left: give it back to the queue with a delay, for any machine to try.</summary>
    Retry,

    /// <summary>Cut short by this agent's own stop: give it back at once, for another agent.</summary>
    GiveBack,
}
