using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mono.Unix.Native;

namespace WebFetch.Tests.Queue;

/// <summary>
/// A real nats-server with JetStream on 127.0.0.1, its store in a temporary directory that goes
/// with it. It can be stopped (SIGTERM), killed (SIGKILL) and started again on the same port and
/// store, as a server restarted by its operator. Give <c>clusterPorts</c> and <c>index</c> to make
/// it one node of a cluster on this machine.
/// </summary>
public sealed class NatsServer : IDisposable
{
    private readonly string _store;
    private readonly string[] _extra;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();
    private Process? _process;

    public NatsServer(string? name = null, int? port = null, string? store = null, params string[] extraArguments)
    {
        Port = port ?? FreePort();
        _store = store ?? Directory.CreateTempSubdirectory("wf-nats-").FullName;
        OwnsStore = store is null;
        Name = name ?? $"n{Port}";
        _extra = extraArguments;
        try
        {
            Start();
        }
        catch
        {
            Dispose(); // a server that did not start leaves no store behind
            throw;
        }
    }

    public static string Executable => File.Exists("/usr/sbin/nats-server") ? "/usr/sbin/nats-server" : "nats-server";

    public int Port { get; }

    public string Name { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public bool OwnsStore { get; }

    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Starts the server (again) on its port and store; returns once it accepts connections.</summary>
    public void Start()
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "-js", "-a", "127.0.0.1", "-p", Port.ToString(), "-sd", _store, "-n", Name }.Concat(_extra))
        {
            info.ArgumentList.Add(arg);
        }
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!Accepts())
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new InvalidOperationException($"nats-server on port {Port} did not start (exited: {_process.HasExited}); its last lines:\n{string.Join('\n', _log)}");
            }
            Thread.Sleep(20);
        }
    }

    /// <summary>Keeps the server's last few log lines, for the message of a start that failed.</summary>
    private void Remember(string? line)
    {
        if (line is not null)
        {
            _log.Enqueue(line);
            while (_log.Count > 10 && _log.TryDequeue(out _))
            {
            }
        }
    }

    /// <summary>SIGKILL: the server dies as on a crash; its store stays.</summary>
    public void Kill() => Signal(Signum.SIGKILL);

    /// <summary>SIGTERM and wait: a clean stop; its store stays.</summary>
    public void Stop() => Signal(Signum.SIGTERM);

    public void Dispose()
    {
        Signal(Signum.SIGKILL);
        _process?.Dispose();
        if (OwnsStore)
        {
            try
            {
                Directory.Delete(_store, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="nodes"/> servers on this machine as one JetStream cluster, each with
    /// its own port, store and route port, each route listing the others: streams with up to
    /// <paramref name="nodes"/> replicas can be created once its members have elected a leader.
    /// </summary>
    public static NatsServer[] StartCluster(int nodes)
    {
        int[] routePorts = Enumerable.Range(0, nodes).Select(_ => FreePort()).ToArray();
        var servers = new List<NatsServer>();
        try
        {
            for (int i = 0; i < nodes; i++)
            {
                string routes = string.Join(',', routePorts.Where((_, j) => j != i).Select(p => $"nats://127.0.0.1:{p}"));
                servers.Add(new NatsServer(extraArguments:
                    ["--cluster", $"nats://127.0.0.1:{routePorts[i]}", "--routes", routes, "--cluster_name", "webfetch-test"]));
            }
            return [.. servers];
        }
        catch
        {
            foreach (NatsServer server in servers)
            {
                server.Dispose();
            }
            throw;
        }
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private void Signal(Signum signal)
    {
        if (_process is { HasExited: false } p)
        {
            Syscall.kill(p.Id, signal);
            p.WaitForExit(20_000);
        }
    }

    private bool Accepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
