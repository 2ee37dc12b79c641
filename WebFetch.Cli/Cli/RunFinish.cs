using System.Runtime.InteropServices;
using Serilog;
using Serilog.Events;
using WebFetch.Output;

namespace WebFetch.Cli;

/// <summary>The end of a run, whatever fetched its URLs: waits for the output, rewrites the resume file, tells how the run went, and says its exit code.</summary>
internal static class RunFinish
{
    /// <param name="stopSignal">The first stop signal, if one came.</param>
    /// <param name="skipped">The input lines skipped because the resume file has their record.</param>
    /// <param name="lost">Whether the run lost what fetches its URLs (the workers' socket, the queue's records), which stopped it.</param>
    public static int Finish(RunOptions options, RunOutput output, IRecordSink sink, RunStatistics statistics, RunStop stop, FileStream? resumeFile,
        PosixSignal? stopSignal, long skipped, bool lost)
    {
        // After a stop, the output is waited for until the grace period is over, not forever:
        // a reader that takes nothing (| sleep 600) would otherwise hold the run.
        bool complete = sink.Complete(stop.Aborted);
        if (!complete)
        {
            Log.Warning("stopped without writing every record: the output had not taken them {Seconds} s after the stop's deadline", Timings.OutputLastChance.TotalSeconds);
        }
        using FileStream? rewritten = complete && stop.OutputFailure is null && resumeFile is not null ? output.RewriteResumeFile(resumeFile) : null;
        OutputFault fault = RunExit.FaultOf(stop.OutputFailure, toStdout: output.Path is null);
        if (fault == OutputFault.WriteFailed)
        {
            Log.Error("cannot write to {Output}: {Reason}; stopped", output.Path ?? "stdout", stop.OutputFailure!.Message);
        }
        else if (fault == OutputFault.None)
        {
            Report(options, statistics, skipped, output.LeftOut);
        }
        // a reader that left stdout (| head) has what it wanted: nothing more is said
        return RunExit.Code(fault, lost, stopSignal, statistics.Failed);
    }

    /// <summary>
    /// The summary on stderr: the URLs skipped, the counts and the time, and the records that
    /// --only-failed or --only-ok left out (<paramref name="leftOut"/>); with --verbose, this process's memory.
    /// </summary>
    private static void Report(RunOptions options, RunStatistics statistics, long skipped, (long Count, string Option)? leftOut)
    {
        if (skipped > 0)
        {
            Log.Information("{Skipped} URLs skipped: already done in {File}", skipped, options.ResumeFile);
        }
        Log.Information("{Summary}", statistics.Summary() + (leftOut is var (count, option) ? RunStatistics.NotWritten(count, option) : ""));
        if (Log.IsEnabled(LogEventLevel.Debug))
        {
            GCMemoryInfo gc = GC.GetGCMemoryInfo();
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            Log.Debug("parent memory: peak RSS {Peak} MB, GC heap {Heap} MB, committed {Committed} MB, collections {Gen0}/{Gen1}/{Gen2}, GC {GcMode}",
                self.PeakWorkingSet64 >> 20, gc.HeapSizeBytes >> 20, gc.TotalCommittedBytes >> 20,
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), System.Runtime.GCSettings.LatencyMode);
        }
    }
}
