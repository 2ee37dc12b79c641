using System.CommandLine;
using WebFetch.Queue;

namespace WebFetch.Cli;

/// <summary>
/// The <c>queue</c> command and its <c>status</c> subcommand:
/// <c>webfetch queue status --queue URL [--queue-creds FILE] [--queue-tls-ca FILE] [--json]</c>.
/// </summary>
internal sealed class QueueStatusCommandLine
{
    public QueueOptionGroup Queue { get; } = new();

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write the status as one JSON object even on a terminal (it is JSON whenever stdout is not a terminal)",
    };

    /// <summary>The <c>queue</c> command, whose <c>status</c> subcommand runs <see cref="QueueStatusCommand"/>.</summary>
    public Command Create()
    {
        Queue.Queue.Required = true;
        var status = new Command("status", "Show the queue's runs, jobs (of one to four URLs each) waiting and in flight, messages of records waiting for a collector, and the agents last seen; changes nothing");
        foreach (Option option in Queue.All.Append(Json))
        {
            status.Options.Add(option);
        }
        status.Validators.Add(result =>
        {
            if (result.GetValue(Queue.Queue) is { } value)
            {
                try
                {
                    QueueAddress.ParseWithEnvironment(value);
                }
                catch (FormatException e)
                {
                    result.AddError(e.Message);
                }
            }
        });
        status.SetAction((result, cancellationToken) =>
            new QueueStatusCommand(Queue.Read(result)!, result.GetValue(Json) || Console.IsOutputRedirected).ExecuteAsync(cancellationToken));
        return new Command("queue", "Look at the NATS JetStream queue that 'run --queue' and 'serve' share") { status };
    }
}
