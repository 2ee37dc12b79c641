using System.Net.Sockets;
using System.Text;
using Mono.Unix.Native;
using Serilog;
using WebFetch.Input;

namespace WebFetch.Supervisor;

/// <summary>
/// The listening Unix socket the workers accept on. By default it lives in a fresh private
/// directory (<see cref="RunDirectory"/>); <c>--socket PATH</c>
/// chooses the path instead. The socket file is 0600 either way. Dispose closes the
/// listener and removes the socket file and the directory it created.
/// </summary>
internal sealed class SocketEndpoint : IDisposable
{
    /// <summary>sun_path holds 108 bytes including the terminating NUL.</summary>
    public const int MaxPathBytes = 107;

    private readonly RunDirectory? _ownedDirectory;
    private readonly ulong _device;
    private readonly ulong _inode;

    private SocketEndpoint(Socket listener, string path, RunDirectory? ownedDirectory)
    {
        Listener = listener;
        Path = path;
        _ownedDirectory = ownedDirectory;
        if (Syscall.lstat(path, out Stat stat) == 0)
        {
            _device = stat.st_dev;
            _inode = stat.st_ino;
        }
        EndPoint = new UnixDomainSocketEndPoint(path);
    }

    public Socket Listener { get; }

    public string Path { get; }

    public UnixDomainSocketEndPoint EndPoint { get; }

    /// <summary>
    /// Why <see cref="Path"/> no longer leads to this listener, or null while it does. The
    /// workers keep accepting on the listener they inherited, but a connection made through the
    /// path reaches whatever is there now: nothing (removed, or its directory renamed), or
    /// another socket. One lstat(2).
    /// </summary>
    public string? Lost()
    {
        if (Syscall.lstat(Path, out Stat stat) != 0)
        {
            Errno error = Stdlib.GetLastError();
            return error == Errno.ENOENT
                ? $"the workers' socket {Path} was removed"
                : $"the workers' socket {Path} cannot be reached: {FileErrors.Reason(Path, error)}";
        }
        return stat.st_dev == _device && stat.st_ino == _inode
            ? null
            : $"the workers' socket {Path} was replaced by another file (owned by uid {stat.st_uid})";
    }

    public static SocketEndpoint Create(string? requestedPath, int backlog)
    {
        if (requestedPath is not null)
        {
            string path = System.IO.Path.GetFullPath(requestedPath);
            PrepareExplicitPath(path);
            return new SocketEndpoint(Bind(path, backlog), path, ownedDirectory: null);
        }
        string temp = System.IO.Path.GetTempPath();
        StaleRunCleaner.RemoveDirectoriesOfDeadRuns(temp);
        var directory = RunDirectory.Create(temp);
        try
        {
            string path = directory.SocketPath;
            CheckLength(path, "; set TMPDIR to a shorter directory or pass --socket PATH");
            return new SocketEndpoint(Bind(path, backlog), path, directory);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    private static void CheckLength(string path, string advice = "")
    {
        int bytes = Encoding.UTF8.GetByteCount(path);
        if (bytes > MaxPathBytes)
        {
            throw new SocketPathException($"socket path is {bytes} bytes long; a Unix socket path holds at most {MaxPathBytes}: {path}{advice}");
        }
    }

    private static void PrepareExplicitPath(string path)
    {
        CheckLength(path);
        string? parent = System.IO.Path.GetDirectoryName(path);
        if (parent is not null && !Directory.Exists(parent))
        {
            throw new SocketPathException($"cannot use socket path '{path}': directory '{parent}' does not exist");
        }
        bool shared = parent is not null && CheckDirectory(path, parent);
        if (Syscall.lstat(path, out Stat stat) != 0)
        {
            return; // nothing there
        }
        uint uid = Syscall.geteuid();
        if (shared && stat.st_uid != uid)
        {
            throw new SocketPathException(
                $"refusing --socket {path}: it exists and belongs to uid {stat.st_uid}, in directory '{parent}' that other users can write; remove it or choose another path");
        }
        if ((stat.st_mode & FilePermissions.S_IFMT) != FilePermissions.S_IFSOCK)
        {
            throw new SocketPathException($"refusing to replace {path}: it exists and is not a socket");
        }
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            Log.Information("replacing stale socket {Path} left by a run that is gone", path);
            File.Delete(path);
            return;
        }
        throw new SocketPathException($"socket {path} is in use by another live process");
    }

    /// <summary>
    /// Whoever can write the socket's directory can move the socket aside and put their own in
    /// its place. A directory that users other than this one (and root) can write is refused,
    /// unless it is sticky (as /tmp is): there a file can be removed or renamed only by its
    /// owner. True for such a shared, sticky directory.
    /// </summary>
    private static bool CheckDirectory(string path, string directory)
    {
        if (Syscall.stat(directory, out Stat stat) != 0)
        {
            return false; // vanished meanwhile: binding will say so
        }
        uint uid = Syscall.geteuid();
        if (stat.st_uid != uid && stat.st_uid != 0)
        {
            throw new SocketPathException(
                $"refusing --socket {path}: directory '{directory}' belongs to uid {stat.st_uid}, who could replace the socket; choose a directory of your own, or leave --socket out");
        }
        bool othersWrite = (stat.st_mode & (FilePermissions.S_IWGRP | FilePermissions.S_IWOTH)) != 0;
        if (!othersWrite)
        {
            return false;
        }
        if ((stat.st_mode & FilePermissions.S_ISVTX) == 0)
        {
            string mode = Convert.ToString((int)(stat.st_mode & (FilePermissions)0xFFF), 8).PadLeft(4, '0');
            throw new SocketPathException(
                $"refusing --socket {path}: directory '{directory}' is writable by other users (mode {mode}) and not sticky, so another user could replace the socket; choose a directory only you can write, or a sticky one (chmod +t), or leave --socket out");
        }
        return true;
    }

    private static Socket Bind(string path, int backlog)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            // umask 0177 while binding: the socket file is created 0600, with no window where others could connect
            FilePermissions previous = Syscall.umask(FilePermissions.S_IRWXG | FilePermissions.S_IRWXO | FilePermissions.S_IXUSR);
            try
            {
                listener.Bind(new SocketFileEndPoint(path)); // its file removed by Dispose, and only while it is this socket's
            }
            finally
            {
                Syscall.umask(previous);
            }
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(backlog);
            return listener;
        }
        catch (SocketException e)
        {
            // EADDRINUSE, or what any file creation meets: a directory not writable, a read-only file system
            listener.Dispose();
            throw new SocketPathException(e.NativeErrorCode > 0
                ? $"cannot create the socket '{path}': {FileErrors.Reason(path, (Errno)e.NativeErrorCode)}"
                : $"cannot create the socket '{path}': {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            listener.Dispose(); // setting the socket file's mode
            throw new SocketPathException(FileErrors.Describe("cannot create the socket", path, e), e);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Removes the socket file, if it is still this socket's, then closes the listener: while
    /// the listener is open its file's inode cannot go to another file, so a file found at the
    /// path with this inode is this socket's.
    /// </summary>
    public void Dispose()
    {
        try
        {
            if (_ownedDirectory is not null)
            {
                _ownedDirectory.Dispose();
            }
            else if (Lost() is null)
            {
                File.Delete(Path); // and not a file that took its place
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning("could not remove {Path}: {Reason}", Path, FileErrors.Reason(Path, e));
        }
        finally
        {
            Listener.Dispose();
        }
    }
}
