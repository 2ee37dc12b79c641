using System.Runtime.InteropServices;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Serilog;
using WebFetch.Fetching;
using WebFetch.Logs;
using WebFetch.Pipeline;
using WebFetch.Queue;
using WebFetch.Supervisor;

namespace WebFetch.Cli;

/// <summary>
/// The queue agent: connect to the queue (an unreachable server or refused credentials end it
/// with one line and exit 2, before any worker starts), set up the streams and the agents'
/// consumer where missing, start the local pool as a run does, and serve jobs until a stop
/// signal. SIGTERM drains: no more jobs are pulled, the jobs in hand are finished, their records
/// published and the jobs acknowledged, then exit 0; if the grace period runs out first, the
/// jobs still in hand are given back to the queue, and the exit code is 143. SIGINT is as in a
/// run: the same drain, a second SIGINT gives the jobs in hand back at once, and the exit code
/// is 130.
/// </summary>
internal sealed class ServeCommand(ServeOptions options)
{
    public Task<int> ExecuteAsync(CancellationToken cancellationToken) =>
        CommandHost.RunAsync(options.LogLevel, color => ExecuteCoreAsync(color, cancellationToken));

    private async Task<int> ExecuteCoreAsync(bool color, CancellationToken cancellationToken)
    {
        string host = Environment.MachineName;
        int pid = Environment.ProcessId;
        var (connection, js) = await QueueConnection.OpenAsync(options.Queue, $"webfetch serve {host} {pid}", Timings.QueueConnect, cancellationToken)
            .ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var topology = new QueueTopology(options.QueueReplicas ?? Defaults.QueueReplicas, options.WorkerTimeout) { ReplicasAsked = options.QueueReplicas is not null };
            TimeSpan ackWait = await PrepareAsync(topology, js, cancellationToken).ConfigureAwait(false);
            int workerCount = RunLimits.WorkersThatFit(options.Workers);
            RunLimits.StartRuntimeThreads();
            int concurrency = RunLimits.ConcurrencyThatFits(workerCount, options.Concurrency);
            using var workers = new LocalWorkers(WorkersFor(workerCount, concurrency, color), cancellationToken);
            using var watch = new QueueWatch(connection, options.Queue.Display);
            bool aborted = false;
            await workers.RunAsync(async () =>
            {
                using var exchange = new UnixSocketExchange(workers.Endpoint);
                await using var progress = new JobProgress(ackWait / Timings.AgentProgressPerAckWait, TimeProvider.System);
                await using var records = new RecordBatcher(js, Timings.AgentRecordLinger, TimeProvider.System, () => watch.IsConnected);
                var jobs = new JobHandler(js, new RunSpecCache(js), workers.Client(exchange, maxAttempts: 1), records, host, progress, () => watch.IsConnected);
                var agent = new Agent(js, topology, jobs, () => workers.Window, () => watch.IsConnected);
                DateTimeOffset started = DateTimeOffset.UtcNow;
                var beats = new AgentBeats(js, () => new AgentBeat(host, pid, workers.Pool.Target, concurrency, agent.InFlight, agent.Done, agent.Draining,
                    started, DateTimeOffset.UtcNow));
                Log.Information("serving the queue at {Queue} as {Host} (pid {Pid}): {Workers} workers x {Concurrency} connections",
                    options.Queue.Display, host, pid, workerCount, concurrency);
                using var beating = new CancellationTokenSource();
                Task beat = Task.Run(() => beats.RunAsync(beating.Token), CancellationToken.None);
                try
                {
                    await agent.RunAsync(workers.Stop.InputStopped, workers.Stop.Aborted).ConfigureAwait(false);
                    aborted = workers.Stop.IsAborted || agent.GivenBack > 0;
                    Log.Information("stopped: {Done} URLs done{GivenBack}", agent.Done,
                        agent.GivenBack > 0 ? $", {agent.GivenBack} given back to the queue unfinished" : "");
                }
                finally
                {
                    await beating.CancelAsync().ConfigureAwait(false);
                    await beat.ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            return ExitCode(workers, aborted);
        }
    }

    /// <summary>
    /// Sets up what is missing of the streams and the agents' consumer, and returns the
    /// consumer's ack wait (another machine may have created it with its own): a job in hand is
    /// said to be in progress well within it.
    /// </summary>
    private async Task<TimeSpan> PrepareAsync(QueueTopology topology, NatsJSContext js, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureWithRetryAsync(topology, js, cancellationToken).ConfigureAwait(false);
            INatsJSConsumer consumer = await js.GetConsumerAsync(QueueNames.JobsStream, QueueNames.AgentsConsumer, cancellationToken).ConfigureAwait(false);
            ConsumerConfig config = consumer.Info.Config;
            if (config.AckWait != options.WorkerTimeout)
            {
                Log.Debug("the agents' consumer waits {AckWait} s for an acknowledgement (set by whoever created it), not this agent's --worker-timeout {Timeout} s",
                    config.AckWait.TotalSeconds, options.WorkerTimeout.TotalSeconds);
            }
            return config.AckWait;
        }
        catch (Exception e) when (e is NatsException or NatsJSException or TimeoutException)
        {
            throw new QueueException($"cannot set up the queue's streams on {options.Queue.Display}: {Errors.ExceptionChain.Innermost(e).Message}", e);
        }
    }

    /// <summary>
    /// Sets up the streams and the consumer; a server that gives no answer in time (a cluster
    /// just formed, busy placing the streams that another agent asks for at the same moment) is
    /// asked again for up to <see cref="Timings.AgentSetUp"/>. Any other refusal is final at once.
    /// </summary>
    private static async Task EnsureWithRetryAsync(QueueTopology topology, NatsJSContext js, CancellationToken cancellationToken)
    {
        DateTimeOffset until = DateTimeOffset.UtcNow + Timings.AgentSetUp;
        while (true)
        {
            try
            {
                await topology.EnsureAsync(js, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NatsJSApiNoResponseException e) when (DateTimeOffset.UtcNow < until)
            {
                Log.Debug("the queue gave no answer while setting up its streams ({Reason}); asking again", e.Message);
            }
            await Task.Delay(Timings.AgentQueueRetry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The local pool: the workers start with the default fetch options (each job brings its
    /// run's), and, as a run's budget is not known when they start, a worker is taken for stuck
    /// only after <see cref="Timings.AgentBusyLimit"/>.
    /// </summary>
    private LocalWorkersSetup WorkersFor(int workers, int concurrency, bool color) => new(
        options.SocketPath, workers, concurrency, new FetchOptions(), options.LogLevel, color,
        options.WorkerTimeout, Timings.AgentBusyLimit, options.Grace, Resizable: true);

    /// <summary>2 when the workers' socket was lost; 130 after SIGINT; 0 after a SIGTERM drain that finished every job in hand, else 143.</summary>
    private static int ExitCode(LocalWorkers workers, bool aborted) => workers.StopSignal switch
    {
        _ when workers.Stop.IsSocketLost => ExitCodes.Usage,
        PosixSignal.SIGINT => ExitCodes.Interrupted,
        _ when aborted => ExitCodes.Terminated,
        _ => ExitCodes.Success,
    };
}
