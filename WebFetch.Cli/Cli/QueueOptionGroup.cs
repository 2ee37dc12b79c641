using System.CommandLine;
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

    public IEnumerable<Option> All => [Queue, Creds, TlsCa];

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
