using Serilog;
using WebFetch.Supervisor;
using WebFetch.Input;
using WebFetch.Output;
using WebFetch.Protocol;

namespace WebFetch.Pipeline;

/// <summary>
/// Wires the stages from a URL source to a record sink, and nothing else:
/// <see cref="SourceReader"/> (the source, read ahead into a small buffer) →
/// <see cref="Admission"/> (resume, invalid lines, repeats; every line read gets a sequence number)
/// → <see cref="JobScheduler"/> (per-host politeness and the global rate, at most
/// <see cref="DispatchPolicy.LookAhead"/> URLs ahead) → <see cref="IJobClient"/> (the local workers,
/// <see cref="WorkerClient"/>: the exchange with them and the story of a lost URL; or a queue) →
/// <see cref="IRecordSink"/>. One loop admits and starts while the window (<c>window()</c>: workers
/// x concurrency, following SIGTTIN/SIGTTOU; or the jobs a queue may have in flight) and the
/// output allow, then waits for a wake-up: a line read, a URL ended, the output drained, a delay
/// over. Every line read yields exactly one record: when the run stops, reading stops, and the
/// lines read but not started, and then the URLs still in flight when the grace period ends or
/// the run aborts, get an <c>interrupted</c> record (<see cref="StopCause"/> says why).
/// </summary>
internal sealed class Dispatcher(
    Admission admission, JobScheduler scheduler, IJobClient client, IRecordSink sink, StopCause cause, Func<int> window, TimeProvider? time = null)
{
    /// <summary>A run over the local workers.</summary>
    public Dispatcher(
        Admission admission, JobScheduler scheduler, WorkerClient client, IRecordSink sink, StopCause cause, Func<int> window, TimeProvider? time = null)
        : this(admission, scheduler, new WorkerJobClient(client), sink, cause, window, time)
    {
    }

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly AsyncSignal _wake = new();
    private readonly TaskTracker _running = new();
    private readonly long _started = (time ?? TimeProvider.System).GetTimestamp();
    private int _inFlight;
    private int _repeats;

    /// <summary>Input lines skipped because the resume file already has their record.</summary>
    public long Skipped
    {
        get
        {
            lock (_gate)
            {
                return admission.Skipped;
            }
        }
    }

    private TimeSpan Now => _time.GetElapsedTime(_started);

    /// <summary>
    /// Runs until the source ends and every URL read has its record. When
    /// <paramref name="stopInput"/> fires, reading stops and the lines read but not started get
    /// an <c>interrupted</c> record; when <paramref name="abort"/> fires, so do the URLs in flight.
    /// </summary>
    public async Task RunAsync(IUrlSource source, CancellationToken stopInput, CancellationToken abort)
    {
        using CancellationTokenRegistration wakeOnStop = stopInput.Register(_wake.Set);
        sink.OnRoom(_wake.Set); // a slow reader's backlog holds new URLs back until it is taken
        var reader = new SourceReader(source, _wake.Set, stopInput);
        try
        {
            while (Pass(reader, stopInput, abort) is { } wait)
            {
                client.CheckIfDue(Now);
                await _wake.WaitAsync(wait, abort).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // aborted: the URLs in flight end as interrupted (WorkerClient)
        }
        finally
        {
            if (stopInput.IsCancellationRequested)
            {
                // an abort can come before the loop saw the stop: the lines read still get their records
                await reader.Reading.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                lock (_gate)
                {
                    Admit(reader, bounded: false);
                    InterruptQueued();
                }
            }
            await _running.WaitForAllAsync().ConfigureAwait(false);
            sink.Flush();
        }
        await reader.Reading.ConfigureAwait(false); // a source that failed midway fails the run
    }

    /// <summary>One pass of the loop: admit, start, and say how long to wait for a wake-up; null once every line read has its record.</summary>
    private TimeSpan? Pass(SourceReader reader, CancellationToken stopInput, CancellationToken abort)
    {
        lock (_gate)
        {
            bool stopping = stopInput.IsCancellationRequested;
            // once stopped, the lines already read are taken whatever the look-ahead, to get their records
            bool inputEnded = Admit(reader, bounded: !stopping);
            TimeSpan? nextAt = null;
            if (!stopping)
            {
                nextAt = StartAllowed(abort);
            }
            else if (inputEnded)
            {
                InterruptQueued(); // reading has stopped: nothing more will be read
            }
            if (inputEnded && scheduler.Queued == 0 && _inFlight == 0)
            {
                return null;
            }
            // the idle wake catches a window that grew
            TimeSpan wait = nextAt is { } at ? at - Now : Timings.DispatchIdleWake;
            return wait < Timings.DispatchMinWait ? Timings.DispatchMinWait : wait > Timings.DispatchIdleWake ? Timings.DispatchIdleWake : wait;
        }
    }

    /// <summary>
    /// Moves lines from the read buffer through admission while the look-ahead and the sink
    /// allow (or, not <paramref name="bounded"/>, all of them). True once the source has ended
    /// and every line read was taken.
    /// </summary>
    private bool Admit(SourceReader reader, bool bounded)
    {
        while ((!bounded || (scheduler.Queued + _repeats < admission.LookAhead && sink.HasRoom(admission.NextSequence))) && reader.TryRead(out InputLine? line))
        {
            switch (admission.Admit(line))
            {
                case Admitted.Recorded recorded:
                    sink.Emit(recorded.Sequence, recorded.Record);
                    break;
                case Admitted.Repeat repeat:
                    _repeats++;
                    _running.Track(RepeatAsync(repeat));
                    break;
                case Admitted.Fetch fetch:
                    client.Admitted(fetch.Job);
                    scheduler.Enqueue(fetch.Job);
                    break;
            }
        }
        return reader.Exhausted;
    }

    /// <summary>Starts jobs while the window, the output and the scheduler allow. Returns when to look again, if a delay or the rate is what holds them.</summary>
    private TimeSpan? StartAllowed(CancellationToken abort)
    {
        TimeSpan now = Now;
        while (_inFlight < window() && sink.OutputHasRoom)
        {
            if (!scheduler.TryTake(now, out Job job, out TimeSpan? retryAt))
            {
                return retryAt;
            }
            _inFlight++;
            Log.Debug("{Url}: dispatched", job.Line.Text);
            _running.Track(FetchAsync(job, abort));
        }
        return null;
    }

    /// <summary>The run stopped: the jobs queued for their hosts will not start, and each gets an <c>interrupted</c> record.</summary>
    private void InterruptQueued()
    {
        List<Job> dropped = scheduler.Drain();
        foreach (Job job in dropped)
        {
            FetchResult record = FetchResult.Failed(job.Line.Text, ErrorKind.Interrupted, cause.NotStarted);
            sink.Emit(job.Sequence, record);
            job.Shared?.TrySetResult(record);
        }
        if (dropped.Count > 0)
        {
            Log.Debug("stopped: {Count} URLs read ahead were not started", dropped.Count);
        }
    }

    private async Task FetchAsync(Job job, CancellationToken abort)
    {
        await Task.Yield();
        try
        {
            FetchResult record = await client.FetchAsync(job, abort).ConfigureAwait(false);
            sink.Emit(job.Sequence, record);
            job.Shared?.TrySetResult(record);
            lock (_gate)
            {
                admission.Remember(job, record);
            }
        }
        catch
        {
            job.Shared?.TrySetCanceled(abort);
            throw;
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
                scheduler.Completed(job, Now);
            }
            _wake.Set();
        }
    }

    /// <summary>A repeated URL: waits for the first one's record and writes a copy with this line's text.</summary>
    private async Task RepeatAsync(Admitted.Repeat repeat)
    {
        try
        {
            FetchResult original = await repeat.First.ConfigureAwait(false);
            sink.Emit(repeat.Sequence, original with { Url = repeat.Line.Text });
        }
        catch (OperationCanceledException)
        {
            sink.Skip(repeat.Sequence); // the first one failed inside webfetch (a bug, reported): no record for either
        }
        finally
        {
            lock (_gate)
            {
                _repeats--;
            }
            _wake.Set();
        }
    }
}
