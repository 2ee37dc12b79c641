using System.Globalization;

namespace WebFetch.Protocol;

/// <summary>
/// The control channel between the parent and one worker, one short text line per message:
/// worker to parent on the worker's stdout pipe, parent to worker on its stdin pipe.
/// This is the only place that names them (after Servolux::Prefork's START/HEARTBEAT/HALT).
/// </summary>
internal readonly record struct ControlMessage(string Verb, long RequestId = 0, string? Text = null)
{
    /// <summary>Worker to parent: the listener is open and the worker accepts connections.</summary>
    public const string Ready = "READY";

    /// <summary>Worker to parent: still alive; sent every <see cref="Timings.Heartbeat"/> from its own timer, busy or idle.</summary>
    public const string Heartbeat = "HEARTBEAT";

    /// <summary>Worker to parent: accepted request <c>id</c> and started on it.</summary>
    public const string Busy = "BUSY";

    /// <summary>Worker to parent: answered request <c>id</c>.</summary>
    public const string Done = "DONE";

    /// <summary>Parent to worker: stop accepting, finish what is in flight, exit 0.</summary>
    public const string Halt = "HALT";

    /// <summary>
    /// Worker to parent: the worker failed and is about to exit; the text says how (the
    /// exception's type and message). The parent keeps it and logs it when it reaps the worker.
    /// </summary>
    public const string Error = "ERROR";

    /// <summary>The longest error text a control line carries, in characters; a longer one is cut, ending in "…".</summary>
    public const int MaxErrorText = 500;

    /// <summary>
    /// An <see cref="Error"/> message: <paramref name="text"/> on one line (every line break or
    /// other control character becomes a space) and cut to <see cref="MaxErrorText"/> characters.
    /// </summary>
    public static ControlMessage ErrorOf(string text)
    {
        string line = string.Create(text.Length, text, static (chars, source) =>
        {
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        }).Trim();
        if (line.Length == 0)
        {
            line = "(no message)";
        }
        return new ControlMessage(Error, Text: line.Length > MaxErrorText ? TextCut.Shorten(line, MaxErrorText - 1) : line);
    }

    public override string ToString() => Verb switch
    {
        Busy or Done => $"{Verb} {RequestId.ToString(CultureInfo.InvariantCulture)}",
        Error => $"{Verb} {ErrorOf(Text ?? "").Text}", // one line, however the message was made
        _ => Verb,
    };

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
            case Error when space > 0 && space + 1 < line.Length:
                message = ErrorOf(line[(space + 1)..]);
                return true;
            default:
                return false;
        }
    }
}
