using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Serilog;
using WebFetch.Input;
using WebFetch.Output;

namespace WebFetch.Supervisor;

/// <summary>
/// The private directory of a run that uses the default socket: <c>webfetch-XXXXXX</c> in the
/// temp directory, mode 0700, holding the socket and a <c>pid</c> file naming the run. The run
/// holds an OFD lock on the pid file for its whole life (<see cref="OfdLock"/>): the kernel
/// drops it when the run ends, however it ends, so a free lock is what tells
/// <see cref="StaleRunCleaner"/> that the run is gone, whatever PID namespace either run lives
/// in. Dispose removes the socket, the pid file and the directory, then lets the lock go.
/// </summary>
internal sealed partial class RunDirectory : IDisposable
{
    public const string Prefix = "webfetch-";
    public const string SocketName = "sock";
    public const string PidFileName = "pid";

    private readonly FileStream _pidFile;

    private RunDirectory(string path, FileStream pidFile)
    {
        FullName = path;
        _pidFile = pidFile;
    }

    public string FullName { get; }

    public string SocketPath => Path.Combine(FullName, SocketName);

    /// <summary>
    /// Whether <paramref name="name"/> is what <see cref="Create"/> makes:
    /// <see cref="Directory.CreateTempSubdirectory"/> appends six characters of mkdtemp(3)'s
    /// alphabet to the prefix.
    /// </summary>
    public static bool IsRunDirectoryName(string name) => NamePattern().IsMatch(name);

    public static RunDirectory Create(string tempDirectory)
    {
        DirectoryInfo directory;
        try
        {
            directory = Directory.CreateTempSubdirectory(Prefix);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SocketPathException(
                $"{FileErrors.Describe("cannot create the socket's private directory", Path.Combine(tempDirectory, Prefix + "XXXXXX"), e)}; set TMPDIR to a writable directory or pass --socket PATH", e);
        }
        string pidPath = Path.Combine(directory.FullName, PidFileName);
        try
        {
            FileStream pidFile;
            try
            {
                pidFile = new FileStream(pidPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SocketPathException(
                    $"{FileErrors.Describe("cannot write the run's pid file", pidPath, e)}; set TMPDIR to a writable directory or pass --socket PATH", e);
            }
            try
            {
                if (OfdLock.TryTake(pidFile.SafeFileHandle, out int error) != OfdLock.Outcome.Free)
                {
                    // the directory is then never taken for a dead run's: it stays if the run is killed
                    Log.Debug("cannot lock {Path} (errno {Error}): if this run is killed, its directory will stay", pidPath, error);
                }
                // written once the lock is held: an empty pid file is a run still starting
                pidFile.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                pidFile.Dispose();
                throw new SocketPathException(
                    $"{FileErrors.Describe("cannot write the run's pid file", pidPath, e)}; set TMPDIR to a writable directory or pass --socket PATH", e);
            }
            return new RunDirectory(directory.FullName, pidFile);
        }
        catch
        {
            directory.Delete(recursive: true); // just made by this run, with what it put there
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(SocketPath);
            File.Delete(Path.Combine(FullName, PidFileName));
            Directory.Delete(FullName, recursive: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning("could not remove {Path}: {Reason}", FullName, FileErrors.Reason(FullName, e));
        }
        finally
        {
            _pidFile.Dispose(); // the lock goes last: the directory is gone or still says this run is alive
        }
    }

    [GeneratedRegex("^webfetch-[A-Za-z0-9]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
