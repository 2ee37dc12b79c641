using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Mono.Unix.Native;
using WebFetch.Interop;
using WebFetch.Worker;

namespace WebFetch.Supervisor;

/// <summary>
/// Starts a worker: this same program again with the hidden <c>worker</c> subcommand.
/// .NET cannot fork a running runtime, so the listening socket crosses exec instead: its
/// FD_CLOEXEC flag is cleared just around <see cref="Process.Start()"/> (under a lock, so
/// no other start races it) and its fd number travels in the worker settings; so does a local
/// crawl's table of done URLs (<see cref="WorkerSettings.DoneTableFd"/>).
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
        UseWorkerGarbageCollection(info.Environment);
        info.Environment[WorkerSettings.EnvironmentVariable] = JsonSerializer.Serialize(
            template with { ListenFd = (int)listener.Handle, ParentPid = Environment.ProcessId },
            WorkerSettingsJson.Compact.WorkerSettings);

        int[] inherited = template.DoneTableFd is int table ? [(int)listener.Handle, table] : [(int)listener.Handle];
        lock (StartGate)
        {
            try
            {
                foreach (int fd in inherited)
                {
                    SetCloseOnExec(fd, false);
                }
                return Process.Start(info) ?? throw new InvalidOperationException("Process.Start returned no process");
            }
            finally
            {
                foreach (int fd in inherited)
                {
                    SetCloseOnExec(fd, true);
                }
            }
        }
    }

    /// <summary>
    /// Workers collect garbage with the background (concurrent) GC, as the parent does, unless
    /// the user's environment already chooses. Without it the workstation GC lets gen0 grow
    /// far between collections, and further while a large page's tree survives them; with it
    /// gen0 stays small, and so does a worker (bench/worker-rss.sh measures it). Large pages
    /// are handled by <see cref="Fetching.LargePageGate"/>.
    /// </summary>
    internal static void UseWorkerGarbageCollection(IDictionary<string, string?> environment)
    {
        const string Setting = "gcConcurrent";
        if (!environment.ContainsKey("DOTNET_" + Setting) && !environment.ContainsKey("COMPlus_" + Setting))
        {
            environment["DOTNET_" + Setting] = "1";
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
            throw new IOException($"fcntl(F_GETFD) on fd {fd} failed: {Stdlib.GetLastError()}");
        }
        int wanted = enabled ? flags | Libc.FD_CLOEXEC : flags & ~Libc.FD_CLOEXEC;
        if (wanted != flags && Syscall.fcntl(fd, FcntlCommand.F_SETFD, wanted) < 0)
        {
            throw new IOException($"fcntl(F_SETFD) on fd {fd} failed: {Stdlib.GetLastError()}");
        }
    }
}
