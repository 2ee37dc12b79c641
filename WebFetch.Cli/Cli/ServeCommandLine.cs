using System.CommandLine;
using WebFetch.Queue;

namespace WebFetch.Cli;

/// <summary>
/// The <c>serve</c> command, the queue agent: where the queue is, and the local pool's options
/// (the fetch options come with each run, not with the agent); the <see cref="ServeOptions"/> a
/// command line that parsed asks for.
/// </summary>
internal sealed class ServeCommandLine
{
    public QueueOptionGroup Queue { get; } = new();

    public PoolOptionGroup Pool { get; } = new();

    public OutputOptionGroup Output { get; } = new();

    /// <summary>The command, whose action runs <see cref="ServeCommand"/>.</summary>
    public Command Create()
    {
        var serve = new Command("serve", "Take URLs from a NATS JetStream queue and fetch them with local workers, publishing each record, until SIGTERM");
        Queue.Queue.Required = true;
        Queue.Queue.Validators.Add(result =>
        {
            try
            {
                _ = QueueAddress.ParseWithEnvironment(result.GetValueOrDefault<string?>() ?? "");
            }
            catch (FormatException e)
            {
                result.AddError(e.Message);
            }
        });
        Option[] inHelpOrder =
        [
            .. Queue.All, Queue.Replicas, Pool.Workers, Pool.Concurrency, Pool.Socket, Pool.WorkerTimeout, Pool.Grace, Output.Verbose, Output.Quiet,
        ];
        foreach (Option option in inHelpOrder)
        {
            serve.Options.Add(option);
        }
        serve.Validators.Add(OptionCombinations.UnlessAValueIsMissing(command =>
        {
            if (command.GetValue(Output.Quiet) && command.GetValue(Output.Verbose))
            {
                command.AddError("--quiet and --verbose cannot be used together");
            }
        }));
        serve.SetAction((result, cancellationToken) => new ServeCommand(Read(result)).ExecuteAsync(cancellationToken));
        return serve;
    }

    /// <summary>What a command line that parsed asks the agent to do.</summary>
    public ServeOptions Read(ParseResult result) => new()
    {
        Queue = Queue.Read(result)!,
        Workers = result.GetValue(Pool.Workers),
        Concurrency = result.GetValue(Pool.Concurrency),
        SocketPath = result.GetValue(Pool.Socket),
        WorkerTimeout = result.GetValue(Pool.WorkerTimeout).Value,
        Grace = result.GetValue(Pool.Grace).Value,
        QueueReplicas = Queue.ReadReplicas(result),
        LogLevel = Output.LogLevel(result),
    };
}
