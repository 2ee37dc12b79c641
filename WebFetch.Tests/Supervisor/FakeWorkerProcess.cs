using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using WebFetch.Supervisor;

namespace WebFetch.Tests.Supervisor;

/// <summary>
/// A worker process that is none: the test speaks its control lines, reads what the parent
/// sent it and ends it, with any exit code, keeping its control pipe open or not.
/// </summary>
internal sealed class FakeWorkerProcess : IWorkerProcess
{
    private static int s_lastPid = 4_000_000;
    private readonly Pipe _control = new();
    private readonly StringWriter _sent = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private int _exitCode;
    private bool _pipeClosed;

    public FakeWorkerProcess()
    {
        Control = new StreamReader(_control.Reader.AsStream());
        Commands = TextWriter.Synchronized(_sent);
    }

    public int Id { get; } = Interlocked.Increment(ref s_lastPid);

    public bool HasExited => _exited.Task.IsCompleted;

    public int ExitCode => HasExited ? _exitCode : throw new InvalidOperationException("the process has not exited");

    public TextReader Control { get; }

    public TextWriter Commands { get; }

    /// <summary>The parent sent SIGKILL.</summary>
    public bool Killed { get; private set; }

    /// <summary>What the parent wrote on the worker's stdin so far.</summary>
    public string Sent
    {
        get
        {
            lock (Commands)
            {
                return _sent.ToString();
            }
        }
    }

    /// <summary>Writes one control line, as the worker would on its stdout.</summary>
    public void Say(string line)
    {
        _control.Writer.Write(Encoding.UTF8.GetBytes(line + "\n"));
        _control.Writer.FlushAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Ends the process; <paramref name="closePipe"/> false leaves its control pipe open, as a grandchild holding it would.</summary>
    public void Exit(int exitCode, bool closePipe = true)
    {
        lock (_gate)
        {
            if (HasExited)
            {
                return;
            }
            _exitCode = exitCode;
            if (closePipe)
            {
                _pipeClosed = true;
                _control.Writer.Complete();
            }
            _exited.TrySetResult();
        }
    }

    public void Kill()
    {
        if (HasExited)
        {
            throw new InvalidOperationException("no process is associated with this object");
        }
        Killed = true;
        Exit(128 + 9);
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _exited.Task.WaitAsync(cancellationToken);

    /// <summary>Ends the process if it runs, and its control pipe in any case.</summary>
    public void Dispose()
    {
        Exit(128 + 9, closePipe: false);
        lock (_gate)
        {
            if (!_pipeClosed)
            {
                _pipeClosed = true;
                _control.Writer.Complete();
            }
        }
    }
}
