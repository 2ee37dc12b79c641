using System.Globalization;
using Mono.Unix.Native;
using Serilog;
using WebFetch.Input;
using WebFetch.Output;

namespace WebFetch.Supervisor;

/// <summary>
/// Removes the directories left in the temp directory by runs that died (SIGKILL, a crash),
/// and nothing else. A directory is removed only when it is exactly what
/// <see cref="RunDirectory"/> makes: its name (<c>webfetch-</c> and six characters), a real
/// directory owned by this user, holding nothing but a socket named <c>sock</c> and a regular
/// file named <c>pid</c>; and only when no process holds the lock on that pid file, which a run
/// holds for its whole life. Pids say nothing across PID namespaces (containers sharing /tmp),
/// so they never make a run dead; a pid file without a lock that names a live process is kept
/// too (a run of a version that took no lock). Its files are removed one by one, never
/// recursively.
/// </summary>
internal static class StaleRunCleaner
{
    public static void RemoveDirectoriesOfDeadRuns(string tempDirectory)
    {
        uint uid = Syscall.geteuid();
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateDirectories(tempDirectory, RunDirectory.Prefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (string directory in candidates)
        {
            try
            {
                if (IsDeadRunDirectory(directory, uid))
                {
                    File.Delete(Path.Combine(directory, RunDirectory.SocketName));
                    File.Delete(Path.Combine(directory, RunDirectory.PidFileName));
                    Directory.Delete(directory, recursive: false);
                    Log.Information("removed {Directory}, left by a run that is gone", directory);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.Debug("could not inspect {Directory}: {Reason}", directory, FileErrors.Reason(directory, e));
            }
        }
    }

    private static bool IsDeadRunDirectory(string directory, uint uid)
    {
        if (!RunDirectory.IsRunDirectoryName(Path.GetFileName(directory))
            || Syscall.lstat(directory, out Stat stat) != 0 || stat.st_uid != uid || Kind(stat) != FilePermissions.S_IFDIR)
        {
            return false;
        }
        bool hasPidFile = false;
        foreach (string entry in Directory.EnumerateFileSystemEntries(directory))
        {
            string name = Path.GetFileName(entry);
            FilePermissions expected = name switch
            {
                RunDirectory.SocketName => FilePermissions.S_IFSOCK,
                RunDirectory.PidFileName => FilePermissions.S_IFREG,
                _ => 0,
            };
            if (expected == 0 || Syscall.lstat(entry, out Stat file) != 0 || Kind(file) != expected || file.st_uid != uid)
            {
                Log.Debug("kept {Directory}: {Entry} is not what a run leaves there", directory, name);
                return false;
            }
            hasPidFile |= name == RunDirectory.PidFileName;
        }
        if (!hasPidFile)
        {
            return false; // a run that is just starting, between creating its directory and its pid file
        }
        using var pidFile = new FileStream(Path.Combine(directory, RunDirectory.PidFileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        if (OfdLock.Probe(pidFile.SafeFileHandle) != OfdLock.Outcome.Free)
        {
            return false; // held by a live run, or a file system that cannot tell
        }
        using var reader = new StreamReader(pidFile);
        string text = reader.ReadToEnd().Trim();
        if (text.Length == 0)
        {
            return false; // a run that is just starting writes its pid once it holds the lock
        }
        return !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && IsAlive(pid));
    }

    private static FilePermissions Kind(Stat stat) => stat.st_mode & FilePermissions.S_IFMT;

    private static bool IsAlive(int pid) =>
        pid > 0 && (Syscall.kill(pid, 0) == 0 || Stdlib.GetLastError() != Errno.ESRCH);
}
