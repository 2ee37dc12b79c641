namespace WebFetch.Pipeline;

/// <summary>
/// Whether the workers' socket path still leads to their listener. Checked by the dispatcher
/// every <see cref="Timings.SocketCheck"/> and after a failed connect; the first time it does
/// not, the run is told once (<c>lost</c>, with the reason), which stops it.
/// </summary>
/// <param name="check">Null while the path leads to the listener, else why not (<see cref="Supervisor.SocketEndpoint.Lost"/>).</param>
/// <param name="lost">Told once, with the reason.</param>
internal sealed class SocketWatch(Func<string?> check, Action<string> lost)
{
    private TimeSpan? _checkedAt;
    private int _lost;
    private string? _why;

    /// <summary>Why the socket is lost, once it is: set before <see cref="IsLost"/> says so to anyone, so that a URL not sent because of it names the reason even while the run is still being told.</summary>
    public string? Why => Volatile.Read(ref _why);

    /// <summary>Checks now, or at once if known lost: true when the socket is lost.</summary>
    public bool IsLost()
    {
        if (Volatile.Read(ref _lost) != 0)
        {
            return true;
        }
        string? why = check();
        if (why is null)
        {
            return false;
        }
        Interlocked.CompareExchange(ref _why, why, null);
        if (Interlocked.Exchange(ref _lost, 1) == 0)
        {
            lost(why);
        }
        return true;
    }

    /// <summary>Checks when the last check is <see cref="Timings.SocketCheck"/> old at <paramref name="now"/>. Called from one loop.</summary>
    public void CheckIfDue(TimeSpan now)
    {
        if (_checkedAt is { } at && now - at < Timings.SocketCheck)
        {
            return;
        }
        _checkedAt = now;
        _ = IsLost();
    }
}
