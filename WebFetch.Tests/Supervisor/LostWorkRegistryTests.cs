using System.Diagnostics;
using WebFetch.Supervisor;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Supervisor;

/// <summary>The registry's account of a lost request, with a real process speaking a worker's control lines.</summary>
public sealed class LostWorkRegistryTests
{
    [Fact(Timeout = 30_000)]
    public async Task ARequestItsWorkerReportedDoneIsDescribedAsFinishedButNotDelivered()
    {
        using WorkerHandle worker = StartScripted("printf 'READY\\nBUSY 7\\nDONE 7\\n'; cat >/dev/null");
        var registry = new LostWorkRegistry();
        registry.Track(worker);
        try
        {
            await worker.Ready.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(await CliRunner.EventuallyAsync(() => worker.Served == 1, TimeSpan.FromSeconds(10)));

            RequestLoss loss = await registry.DescribeLossAsync(7, CancellationToken.None);

            Assert.Equal($"worker {worker.Pid} finished the request but its answer was not delivered (not read in time, or the write failed)", loss.Description);
            Assert.True(loss.Started);
        }
        finally
        {
            worker.Kill();
            await worker.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task ARequestNoWorkerBeganIsDescribedAsNeverBegun()
    {
        using WorkerHandle worker = StartScripted("printf 'READY\\nBUSY 7\\nDONE 7\\n'; cat >/dev/null");
        var registry = new LostWorkRegistry();
        registry.Track(worker);
        try
        {
            await worker.Ready.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(await CliRunner.EventuallyAsync(() => worker.Served == 1, TimeSpan.FromSeconds(10)));

            RequestLoss loss = await registry.DescribeLossAsync(8, CancellationToken.None);

            Assert.Equal("the connection closed without a result before any worker began the request", loss.Description);
            Assert.False(loss.Started);
        }
        finally
        {
            worker.Kill();
            await worker.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task ARequestWhoseWorkerDiedHoldingItIsDescribedByTheWorkersEnd()
    {
        using WorkerHandle worker = StartScripted("printf 'READY\\nBUSY 7\\n'; read line; exit 3");
        var registry = new LostWorkRegistry();
        registry.Track(worker);
        await worker.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await CliRunner.EventuallyAsync(() => worker.Holds(7), TimeSpan.FromSeconds(10)));

        Task<RequestLoss> described = registry.DescribeLossAsync(7, CancellationToken.None);
        worker.Halt(); // the script reads one line and exits 3
        RequestLoss loss = await described;

        Assert.Equal($"worker {worker.Pid} {ExitStatus.Describe(3)}", loss.Description);
        Assert.True(loss.Started);
    }

    private static WorkerHandle StartScripted(string script)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        return new WorkerHandle(process, () => { });
    }
}
