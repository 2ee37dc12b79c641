using System.Net.Sockets;
using Serilog;
using WebFetch.Protocol;

namespace WebFetch.Worker;

/// <summary>Serving one accepted connection: check the peer, read one request, fetch, answer one line.</summary>
internal sealed partial class WorkerHost
{
    private async Task ServeConnectionAsync(Socket socket)
    {
        try
        {
            socket.Blocking = true; // accepted from a non-blocking listener; async I/O still never blocks a thread
            using var stream = new NetworkStream(socket, ownsSocket: true);
            PeerCredentials peer = PeerCredentials.Of(socket);
            if (peer.Uid != _uid)
            {
                Log.Warning("refused a connection from pid {PeerPid} uid {PeerUid}: only uid {Uid} may use this socket",
                    peer.Pid, peer.Uid, _uid);
                return;
            }

            FetchRequest? request;
            using (var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token))
            {
                readTimeout.CancelAfter(RequestReadTimeout);
                try
                {
                    request = await LineProtocol.ReadAsync(stream, ProtocolJson.Compact.FetchRequest, LineProtocol.MaxRequestBytes, readTimeout.Token)
                        .ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Log.Warning("dropped a connection that sent no request within {Seconds} s", RequestReadTimeout.TotalSeconds);
                    return;
                }
                catch (ProtocolException e)
                {
                    Log.Warning("refused a malformed request: {Problem}", e.Message);
                    await AnswerAsync(stream, FetchResult.Failed("", ErrorKind.Protocol, $"bad request: {e.Message}")).ConfigureAwait(false);
                    return;
                }
            }
            if (request is null)
            {
                return;
            }

            _control.Send(new ControlMessage(ControlMessage.Busy, request.Id));
            TestHooks.BeforeFetch(request.Url);
            FetchResult result = Uri.TryCreate(request.Url, UriKind.Absolute, out Uri? url)
                && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
                    ? await _fetcher.FetchAsync(url, _abort.Token).ConfigureAwait(false)
                    : FetchResult.Failed(request.Url, ErrorKind.InvalidUrl, "not an absolute http(s) URL");
            result.Url = request.Url;
            await AnswerAsync(stream, result).ConfigureAwait(false);
            _control.Send(new ControlMessage(ControlMessage.Done, request.Id));
            Log.Verbose("{Url} -> {Status} in {Elapsed} ms", request.Url, result.Status, result.ElapsedMs);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            Log.Debug("connection ended early: {Reason}", e.Message);
        }
        catch (Exception e)
        {
            Log.Error(e, "unexpected failure while serving a connection");
        }
        finally
        {
            socket.Dispose();
            Interlocked.Decrement(ref _inFlight);
            _slots.Release();
        }
    }

    private async Task AnswerAsync(Stream stream, FetchResult result)
    {
        result.Worker = _pid;
        using var writeTimeout = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        writeTimeout.CancelAfter(RequestReadTimeout);
        await LineProtocol.WriteAsync(stream, result, ProtocolJson.Compact.FetchResult, writeTimeout.Token).ConfigureAwait(false);
    }
}
