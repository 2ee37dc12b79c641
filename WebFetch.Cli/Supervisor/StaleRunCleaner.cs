using Mono.Unix.Native;
using Serilog;
using WebFetch.Input;

namespace WebFetch.Supervisor;

/// <summary>
/// Removes socket directories left behind by runs that died (e.g. SIGKILL): directories
/// named <c>webfetch-*</c> in the temp directory, owned by this user, whose <c>pid</c> file
/// names a process that no longer exists. A directory of a live run is never touched.
/// </summary>
internal static class StaleRunCleaner
{
    public static void RemoveDirectoriesOfDeadRuns(string tempDirectory)
    {
        uint uid = Syscall.getuid();
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateDirectories(tempDirectory, SocketEndpoint.DirectoryPrefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (string directory in candidates)
        {
            try
            {
                if (Syscall.lstat(directory, out Stat stat) != 0 || stat.st_uid != uid
                    || (stat.st_mode & FilePermissions.S_IFMT) != FilePermissions.S_IFDIR)
                {
                    continue;
                }
                string pidFile = Path.Combine(directory, "pid");
                if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid) || IsAlive(pid))
                {
                    continue;
                }
                Directory.Delete(directory, recursive: true);
                Log.Information("removed {Directory}, left by run {Pid} that is gone", directory, pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.Debug("could not inspect {Directory}: {Reason}", directory, FileErrors.Reason(directory, e));
            }
        }
    }

    private static bool IsAlive(int pid) =>
        Syscall.kill(pid, 0) == 0 || Stdlib.GetLastError() != Errno.ESRCH;
}
