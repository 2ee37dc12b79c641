using System.Globalization;

namespace WebFetch.Protocol;

/// <summary>
/// The control channel between the parent and one worker, one short text line per message:
/// worker to parent on the worker's stdout pipe, parent to worker on its stdin pipe.
/// This is the only place that names them (after Servolux::Prefork's START/HEARTBEAT/HALT).
/// </summary>
internal readonly record struct ControlMessage(string Verb, long RequestId = 0)
{
    /// <summary>Worker to parent: the listener is open and the worker accepts connections.</summary>
    public const string Ready = "READY";

    /// <summary>Worker to parent: still alive; sent every <see cref="HeartbeatInterval"/> from its own timer, busy or idle.</summary>
    public const string Heartbeat = "HEARTBEAT";

    /// <summary>How often a worker sends <see cref="Heartbeat"/>.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    /// <summary>Worker to parent: accepted request <c>id</c> and started on it.</summary>
    public const string Busy = "BUSY";

    /// <summary>Worker to parent: answered request <c>id</c>.</summary>
    public const string Done = "DONE";

    /// <summary>Parent to worker: stop accepting, finish what is in flight, exit 0.</summary>
    public const string Halt = "HALT";

    public override string ToString() =>
        Verb is Busy or Done ? $"{Verb} {RequestId.ToString(CultureInfo.InvariantCulture)}" : Verb;

    /// <summary>Parses one line; an unknown or malformed line gives false.</summary>
    public static bool TryParse(string? line, out ControlMessage message)
    {
        message = default;
        if (string.IsNullOrEmpty(line))
        {
            return false;
        }
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        string verb = space < 0 ? line : line[..space];
        switch (verb)
        {
            case Ready or Heartbeat or Halt when space < 0:
                message = new ControlMessage(verb);
                return true;
            case Busy or Done when space > 0
                && long.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long id):
                message = new ControlMessage(verb, id);
                return true;
            default:
                return false;
        }
    }
}
