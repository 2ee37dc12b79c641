using System.Runtime.InteropServices;
using System.Text;
using Mono.Unix.Native;
using WebFetch.Protocol;

namespace WebFetch.Worker;

/// <summary>
/// The worker's link with its parent and how it stops: HALT or EOF on the control pipe, a
/// parent that is gone, a stop signal; and the heartbeat that tells the parent it is alive.
/// </summary>
internal sealed partial class WorkerHost
{
    private void ReadControl()
    {
        Span<byte> buffer = stackalloc byte[256];
        int read;
        try
        {
            read = _controlIn.Read(buffer);
        }
        catch (IOException)
        {
            read = 0;
        }
        if (read == 0)
        {
            ParentGone("control pipe closed");
            return;
        }
        foreach (string line in Encoding.ASCII.GetString(buffer[..read]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ControlMessage.TryParse(line, out ControlMessage message) && message.Verb == ControlMessage.Halt)
            {
                Stop("halt requested by the parent");
            }
        }
    }

    private void CheckParent()
    {
        if (Syscall.getppid() != _settings.ParentPid)
        {
            ParentGone($"parent {_settings.ParentPid} is gone");
        }
    }

    private void ParentGone(string reason)
    {
        _parentGone = true;
        Stop(reason);
    }

    private void Beat()
    {
        CheckParent();
        if (_stopReason is null)
        {
            _control.Send(new ControlMessage(ControlMessage.Heartbeat));
        }
    }

    private void OnStopSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Stop($"received {context.Signal}");
    }

    private void Stop(string reason)
    {
        if (Interlocked.CompareExchange(ref _stopReason, reason, null) is null)
        {
            WakeAcceptLoop();
        }
    }

    private void WakeAcceptLoop() => _wake.Wake();
}
