using System.Text.Json;
using Mono.Unix.Native;

namespace WebFetch.Worker;

/// <summary>
/// Reads and checks the <see cref="WorkerSettings.EnvironmentVariable"/> a worker is started
/// with. The parent always hands over good settings; this is for a worker started by hand
/// (or by anything else), which then stops with one line that says what is wrong, not with
/// an exception.
/// </summary>
internal static class WorkerSettingsReader
{
    /// <summary>The settings, or null with <paramref name="problem"/> saying what is wrong with them in plain words.</summary>
    public static WorkerSettings? Read(string? json, out string? problem)
    {
        if (string.IsNullOrEmpty(json))
        {
            problem = "is not set";
            return null;
        }
        WorkerSettings? settings;
        try
        {
            settings = JsonSerializer.Deserialize(json, WorkerSettingsJson.Compact.WorkerSettings);
        }
        catch (JsonException e)
        {
            problem = $"is not valid worker settings: {FirstLine(e.Message)}";
            return null;
        }
        problem = settings switch
        {
            null => "is not valid worker settings: it is null",
            { Fetch: null } => "is not valid worker settings: fetch is null",
            { Concurrency: < 1 } => $"is not valid worker settings: concurrency is {settings.Concurrency}, not at least 1",
            { ParentPid: < 1 } => $"is not valid worker settings: parent_pid is {settings.ParentPid}, not a process id",
            _ => ListenerProblem(settings.ListenFd),
        };
        return problem is null ? settings : null;
    }

    /// <summary>Null if <paramref name="fd"/> is an open listening socket, else what it is instead.</summary>
    private static string? ListenerProblem(int fd)
    {
        if (fd < 0 || Syscall.fstat(fd, out Stat stat) != 0)
        {
            return $"listen_fd {fd} is not an open file descriptor of this process";
        }
        if ((stat.st_mode & FilePermissions.S_IFMT) != FilePermissions.S_IFSOCK)
        {
            return $"listen_fd {fd} is not a socket";
        }
        if (Syscall.getsockopt(fd, UnixSocketProtocol.SOL_SOCKET, UnixSocketOptionName.SO_ACCEPTCONN, out int listening) != 0 || listening == 0)
        {
            return $"listen_fd {fd} is a socket that does not listen";
        }
        return null;
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
