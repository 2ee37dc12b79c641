using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Mono.Unix.Native;
using WebFetch.Protocol;
using WebFetch.Worker;

namespace WebFetch.Supervisor;

/// <summary>
/// Starts a worker: this same program again with the hidden <c>worker</c> subcommand.
/// .NET cannot fork a running runtime, so the listening socket crosses exec instead: its
/// FD_CLOEXEC flag is cleared just around <see cref="Process.Start()"/> (under a lock, so
/// no other start races it) and its fd number travels in the worker settings.
/// </summary>
internal sealed class WorkerLauncher(Socket listener, WorkerSettings template)
{
    private static readonly Lock StartGate = new();

    public static readonly string WorkerCommand = "worker";

    public Process Start()
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        (string fileName, string? assembly) = Executable();
        info.FileName = fileName;
        if (assembly is not null)
        {
            info.ArgumentList.Add(assembly);
        }
        info.ArgumentList.Add(WorkerCommand);
        UseBatchGarbageCollection(info.Environment);
        info.Environment[WorkerSettings.EnvironmentVariable] = JsonSerializer.Serialize(
            template with { ListenFd = (int)listener.Handle, ParentPid = Environment.ProcessId },
            ProtocolJson.Compact.WorkerSettings);

        int fd = (int)listener.Handle;
        lock (StartGate)
        {
            SetCloseOnExec(fd, false);
            try
            {
                return Process.Start(info) ?? throw new InvalidOperationException("Process.Start returned no process");
            }
            finally
            {
                SetCloseOnExec(fd, true);
            }
        }
    }

    /// <summary>
    /// Workers collect garbage without a background GC, unless the user's environment
    /// already chooses. The parent keeps the concurrent GC the binary is built with: it
    /// holds gen0 to a few MB, so the parent stays small on any input, while
    /// non-concurrent GC lets gen0 grow up to 200 MB, and a worker parsing pages spends
    /// about 10% less CPU that way (measured on the bench corpus).
    /// </summary>
    internal static void UseBatchGarbageCollection(IDictionary<string, string?> environment)
    {
        const string Setting = "gcConcurrent";
        if (!environment.ContainsKey("DOTNET_" + Setting) && !environment.ContainsKey("COMPlus_" + Setting))
        {
            environment["DOTNET_" + Setting] = "0";
        }
    }

    /// <summary>
    /// The apphost or native binary itself, or, under <c>dotnet webfetch.dll</c>, the
    /// <c>dotnet</c> host plus the entry assembly (as Tmds.ExecFunction finds it).
    /// </summary>
    internal static (string FileName, string? Assembly) Executable()
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find the running executable");
        string name = Path.GetFileNameWithoutExtension(process);
        if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            string first = Environment.GetCommandLineArgs()[0];
            string assembly = first.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                ? Path.GetFullPath(first)
                : Path.Combine(AppContext.BaseDirectory, "webfetch.dll");
            return (process, assembly);
        }
        return (process, null);
    }

    private static void SetCloseOnExec(int fd, bool enabled)
    {
        int flags = Syscall.fcntl(fd, FcntlCommand.F_GETFD);
        if (flags < 0)
        {
            throw new IOException($"fcntl(F_GETFD) on the listener failed: {Stdlib.GetLastError()}");
        }
        const int FdCloexec = 1;
        int wanted = enabled ? flags | FdCloexec : flags & ~FdCloexec;
        if (wanted != flags && Syscall.fcntl(fd, FcntlCommand.F_SETFD, wanted) < 0)
        {
            throw new IOException($"fcntl(F_SETFD) on the listener failed: {Stdlib.GetLastError()}");
        }
    }
}
