namespace WebFetch.Queue;

/// <summary>How one delivery of a job ended at an agent (<see cref="JobHandler"/>).</summary>
internal enum DeliveryEnd
{
    /// <summary>Its record was published and the job acknowledged.</summary>
    Done,

    /// <summary>Lost with a worker here: given back to the queue with a delay.</summary>
    Retried,

    /// <summary>Cut short by this agent's stop: given back to the queue at once.</summary>
    GivenBack,

    /// <summary>Not a job, or a job of a run that was withdrawn: acknowledged without a record.</summary>
    Dropped,
}
