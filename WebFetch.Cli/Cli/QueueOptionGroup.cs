using System.CommandLine;
using System.CommandLine.Parsing;
using WebFetch.Queue;

namespace WebFetch.Cli;

/// <summary>Where the NATS JetStream queue is and how to log in to it: shared by <c>serve</c>, <c>run --queue</c> and <c>queue status</c>.</summary>
internal sealed class QueueOptionGroup
{
    public Option<string?> Queue { get; } = new("--queue")
    {
        Description = "The NATS JetStream server that hands the URLs out: nats://[USER:PASSWORD@|TOKEN@]HOST[:PORT] or tls://...",
        HelpName = "URL",
    };

    public Option<string?> Creds { get; } = new("--queue-creds")
    {
        Description = "A NATS credentials file (JWT and NKey seed) to log in to the queue with",
        HelpName = "FILE",
    };

    public Option<string?> TlsCa { get; } = new("--queue-tls-ca")
    {
        Description = "CA certificate (PEM) that the queue server's TLS certificate must chain to",
        HelpName = "FILE",
    };

    /// <summary>Only for the commands that may create the queue's streams (<c>run --queue</c>, <c>serve</c>): not in <see cref="All"/>.</summary>
    public Option<int> Replicas { get; } = new("--queue-replicas")
    {
        Description = "Replicas of the queue's streams when this process creates them (3 on a cluster; existing streams are left as they are)",
        HelpName = "N",
        DefaultValueFactory = _ => Defaults.QueueReplicas,
        CustomParser = OptionParsers.Int(1, Defaults.QueueReplicas, Defaults.QueueReplicasMax),
    };

    /// <summary>Only for the collectors (<c>run --queue</c>, <c>crawl --queue</c>): not in <see cref="All"/>.</summary>
    public Option<int> InFlight { get; } = new("--in-flight")
    {
        Description = "With --queue: URLs published and not yet recorded at most, over all agents",
        HelpName = "N",
        DefaultValueFactory = _ => Defaults.InFlight,
        CustomParser = OptionParsers.Int(1, Defaults.InFlight, 1_000_000),
    };

    public IEnumerable<Option> All => [Queue, Creds, TlsCa];

    /// <summary>
    /// How a collector's options combine (<c>run</c>, <c>crawl</c>). With <c>--queue</c>, the
    /// agents' workers fetch: the options of this machine's pool (<c>--workers</c>,
    /// <c>--concurrency</c>, <c>--socket</c>, <c>--worker-timeout</c>) would be silently ignored,
    /// so they are refused; without it, the queue's own options mean nothing.
    /// </summary>
    public void CheckCollector(CommandResult command, PoolOptionGroup pool)
    {
        if (command.GetResult(Queue) is not { Implicit: false } queue)
        {
            foreach (Option queueOnly in (Option[])[InFlight, Creds, TlsCa, Replicas])
            {
                if (command.GetResult(queueOnly) is { Implicit: false })
                {
                    command.AddError($"{queueOnly.Name} is for a run over a queue: give --queue URL too");
                }
            }
            return;
        }
        foreach (Option local in (Option[])[pool.Workers, pool.Concurrency, pool.Socket, pool.WorkerTimeout])
        {
            if (command.GetResult(local) is { Implicit: false })
            {
                command.AddError($"{local.Name} sets this machine's workers, which a run over a queue does not start: give it to each agent (webfetch serve)");
            }
        }
        try
        {
            _ = QueueAddress.ParseWithEnvironment(queue.GetValueOrDefault<string?>() ?? "");
        }
        catch (FormatException e)
        {
            command.AddError(e.Message);
        }
    }

    /// <summary>The <c>--queue-replicas</c> given, or null when it was not (the default then: <see cref="Defaults.QueueReplicas"/>).</summary>
    public int? ReadReplicas(ParseResult result) => result.GetResult(Replicas) is { Implicit: false } ? result.GetValue(Replicas) : null;

    /// <summary>
    /// The queue's address, or null without <c>--queue</c>; a malformed one was refused by the parser.
    /// The secrets read from the environment are removed from it, so that no process this one
    /// starts (the workers) inherits them.
    /// </summary>
    public QueueAddress? Read(ParseResult result)
    {
        if (result.GetValue(Queue) is not { } queue)
        {
            return null;
        }
        QueueAddress address = QueueAddress.ParseWithEnvironment(queue, result.GetValue(Creds), result.GetValue(TlsCa));
        Environment.SetEnvironmentVariable(QueueAddress.PasswordVariable, null);
        Environment.SetEnvironmentVariable(QueueAddress.TokenVariable, null);
        return address;
    }
}
