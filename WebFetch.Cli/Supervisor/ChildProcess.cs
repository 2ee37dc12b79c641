using System.Diagnostics;

namespace WebFetch.Supervisor;

/// <summary>A worker's process as the system started it, with its stdin and stdout redirected.</summary>
internal sealed class ChildProcess(Process process) : IWorkerProcess
{
    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public TextReader Control => process.StandardOutput;

    public TextWriter Commands => process.StandardInput;

    public void Kill() => process.Kill();

    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    public void Dispose() => process.Dispose();
}
