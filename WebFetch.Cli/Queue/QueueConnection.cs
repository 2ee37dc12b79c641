using System.Security.Authentication;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Serilog;

namespace WebFetch.Queue;

/// <summary>
/// Opens the connection to the queue, bounded in time: an unreachable server, refused
/// credentials or a server without JetStream become one <see cref="QueueException"/> that says
/// which, never a hang. Once open, the client reconnects by itself when the server goes away.
/// </summary>
internal static class QueueConnection
{
    public static async Task<(NatsConnection Connection, NatsJSContext JetStream)> OpenAsync(
        QueueAddress address, string clientName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        QueueFiles.Check(address);
        var connection = new NatsConnection(address.Options(clientName) with { ConnectTimeout = timeout });
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(timeout + timeout);
            await connection.ConnectAsync().AsTask().WaitAsync(bounded.Token).ConfigureAwait(false);
            var js = new NatsJSContext(connection);
            await js.GetAccountInfoAsync(bounded.Token).ConfigureAwait(false);
            if (address.SecretInUrl) // once it worked: a refusal stays one line
            {
                Log.Warning("the queue's password or token is on the command line (--queue), where every user of this machine can read it (ps); give it in {Password} or {Token} instead",
                    QueueAddress.PasswordVariable, QueueAddress.TokenVariable);
            }
            return (connection, js);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new QueueException(Describe(address, e), e);
        }
    }

    /// <summary>What went wrong, in one line that names the server (never its secrets).</summary>
    public static string Describe(QueueAddress address, Exception e)
    {
        string all = string.Join(" | ", Errors.ExceptionChain.Of(e).Select(x => x.Message));
        // before the credentials: a failed TLS handshake says "authentication" too
        if (Errors.ExceptionChain.Of(e).Any(x => x is AuthenticationException))
        {
            return $"the queue server at {address.Display} has a TLS certificate this machine does not trust (--queue-tls-ca FILE names the CA to trust): {Errors.ExceptionChain.Innermost(e).Message}";
        }
        if (all.Contains("Authorization Violation", StringComparison.OrdinalIgnoreCase) || all.Contains("authentication", StringComparison.OrdinalIgnoreCase))
        {
            return $"the queue server at {address.Display} refused the credentials";
        }
        if (e is NatsJSApiException or NatsJSException || all.Contains("JetStream", StringComparison.Ordinal))
        {
            return $"the queue server at {address.Display} has no JetStream (start it with -js): {Errors.ExceptionChain.Innermost(e).Message}";
        }
        if (e is OperationCanceledException or TimeoutException)
        {
            return $"cannot reach the queue server at {address.Display}: no answer";
        }
        return $"cannot reach the queue server at {address.Display}: {Errors.ExceptionChain.Innermost(e).Message}";
    }
}
