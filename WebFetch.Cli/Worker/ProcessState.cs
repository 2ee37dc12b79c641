namespace WebFetch.Worker;

/// <summary>A process's scheduling state as the kernel reports it in <c>/proc/PID/stat</c>.</summary>
internal static class ProcessState
{
    /// <summary>
    /// True when <paramref name="pid"/> is stopped (SIGSTOP, Ctrl-Z: state <c>T</c>) or held by a
    /// debugger (<c>t</c>); false when it runs, sleeps, or cannot be read (gone).
    /// </summary>
    public static bool IsStopped(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        // "PID (COMM) STATE ...": COMM may hold spaces and parentheses, so look after the last ')'.
        int close = stat.LastIndexOf(')');
        return close >= 0 && close + 2 < stat.Length && stat[close + 2] is 'T' or 't';
    }
}
