using WebFetch.Input;
using WebFetch.Output;
using WebFetch.Supervisor;

namespace WebFetch.Cli;

/// <summary>The parts of one run, once composed: what the pipeline, the supervision and the end of the run share.</summary>
/// <param name="Done">The URLs the <c>--resume</c> file already has a record of, if resuming.</param>
/// <param name="Concurrency">The connections each worker serves at once, after the limits.</param>
internal sealed record RunParts(
    SocketEndpoint Endpoint,
    WorkerPool Pool,
    PoolOptions PoolOptions,
    RequestBook Requests,
    IRecordSink Sink,
    RunStatistics Statistics,
    RunStop Stop,
    DoneUrls? Done,
    int Concurrency);
