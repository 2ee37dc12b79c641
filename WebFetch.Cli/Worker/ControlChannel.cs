using System.Text;
using Serilog;
using WebFetch.Protocol;

namespace WebFetch.Worker;

/// <summary>
/// The worker's side of the control channel: messages to the parent go out on stdout (a
/// pipe the parent reads), one line each, serialised by a lock because the heartbeat timer
/// and the connection handlers write concurrently. A failed write means the parent is gone.
/// The lines are UTF-8 (an error's text may hold any character), as the parent reads them.
/// </summary>
internal sealed class ControlChannel(Stream output, Action parentGone)
{
    private readonly Lock _gate = new();
    private bool _broken;

    public void Send(ControlMessage message)
    {
        byte[] line = Encoding.UTF8.GetBytes(message.ToString() + "\n");
        lock (_gate)
        {
            if (_broken)
            {
                return;
            }
            try
            {
                output.Write(line);
                output.Flush();
            }
            catch (IOException e)
            {
                _broken = true;
                Log.Warning("control channel closed ({Reason}); the parent is gone", e.Message);
                parentGone();
            }
        }
    }
}
