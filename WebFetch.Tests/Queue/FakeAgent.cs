using System.Collections.Concurrent;
using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using WebFetch.Protocol;
using WebFetch.Queue;

namespace WebFetch.Tests.Queue;

/// <summary>
/// The agents' side of the queue, played by the test with the NATS client alone: it pulls jobs
/// from the agents' durable consumer, answers each with a record published with the job's key
/// (title "fetched URL", host "fake-agent"), and acknowledges it. <see cref="Answering"/> off
/// holds the jobs it pulls unanswered (an agent busy with them); it records every line it saw (a bundle's one by one)
/// and, per host, the most jobs it held at once without a record.
/// </summary>
internal sealed class FakeAgent : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly NatsJSContext _js;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _pulling = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private readonly ConcurrentQueue<JobMessage> _seen = new();
    private readonly HeldPerHost _holding;
    private readonly List<(NatsJSMsg<byte[]> Message, IReadOnlyList<JobMessage> Lines)> _held = [];

    private FakeAgent(NatsConnection connection, NatsJSContext js, TimeSpan answerAfter, int batch, HeldPerHost? held)
    {
        _holding = held ?? new HeldPerHost();
        _connection = connection;
        _js = js;
        AnswerAfter = answerAfter;
        _loop = Task.Run(async () =>
        {
            await _pulling.Task.WaitAsync(_stop.Token);
            await PullAsync(batch);
        });
    }

    /// <summary>How long each job is held before its record is published.</summary>
    public TimeSpan AnswerAfter { get; }

    /// <summary>Whether jobs pulled are answered (else they are held, unanswered and unacknowledged).</summary>
    public volatile bool Answering = true;

    /// <summary>How many jobs are answered before the agent holds every further one, as with <see cref="Answering"/> off: a count, so that a test need not race the agent to turn it off.</summary>
    public volatile int AnswerFirst = int.MaxValue;

    /// <summary>Whether each record is published twice, as by an agent that died between publishing a record and acknowledging its job (beyond the queue's duplicate window).</summary>
    public volatile bool Twice;

    /// <summary>Answers the jobs held so far.</summary>
    public async Task<int> AnswerHeldAsync()
    {
        List<(NatsJSMsg<byte[]> Message, IReadOnlyList<JobMessage> Lines)> held;
        lock (_held)
        {
            held = [.. _held];
            _held.Clear();
        }
        foreach ((NatsJSMsg<byte[]> message, IReadOnlyList<JobMessage> lines) in held)
        {
            await AnswerAsync(message, lines);
        }
        return held.Sum(job => job.Lines.Count);
    }

    /// <summary>Lines held unanswered now.</summary>
    public int HeldCount
    {
        get
        {
            lock (_held)
            {
                return _held.Sum(job => job.Lines.Count);
            }
        }
    }

    /// <summary>Every line pulled, in order, each as a job of its own (a bundle's lines one by one).</summary>
    public IReadOnlyList<JobMessage> Seen => [.. _seen];

    /// <summary>The jobs of each host held between their pull and their record, by this agent (and the others that share it).</summary>
    public HeldPerHost Held => _holding;

    /// <param name="pulling">False: the agent pulls nothing until <see cref="StartPulling"/> (it only looks at the queue meanwhile).</param>
    public static async Task<FakeAgent> StartAsync(string url, TimeSpan? answerAfter = null, int batch = 64, HeldPerHost? held = null, bool pulling = true)
    {
        var (connection, js) = await QueueConnection.OpenAsync(QueueAddress.Parse(url), "fake agent", TimeSpan.FromSeconds(5), CancellationToken.None);
        await new QueueTopology(1, TimeSpan.FromSeconds(30)).EnsureAsync(js, CancellationToken.None);
        var agent = new FakeAgent(connection, js, answerAfter ?? TimeSpan.Zero, batch, held);
        if (pulling)
        {
            agent.StartPulling();
        }
        return agent;
    }

    /// <summary>Starts pulling jobs (for an agent started without).</summary>
    public void StartPulling() => _pulling.TrySetResult();

    /// <summary>Publishes a record for <paramref name="key"/> of <paramref name="run"/> as an agent does, without a job.</summary>
    public async Task PublishRecordAsync(string run, string key, string title, string? msgIdSuffix = null)
    {
        var record = new FetchResult { Url = "from-agent", Status = 200, Title = title, Host = "fake-agent", Worker = 1, Attempts = 1 };
        var headers = new NatsHeaders { [QueueNames.JobHeader] = key };
        PubAckResponse ack = await _js.PublishAsync(QueueNames.Records(run), JsonSerializer.SerializeToUtf8Bytes(record, ProtocolJson.Compact.FetchResult),
            opts: new NatsJSPubOpts { MsgId = QueueNames.JobMessageId(run, key) + ":r" + msgIdSuffix }, headers: headers);
        ack.EnsureSuccess();
    }

    /// <summary>Messages in <paramref name="stream"/> of the subjects <paramref name="subject"/> (a wildcard) matches.</summary>
    public async Task<long> CountAsync(string stream, string subject)
    {
        INatsJSStream info = await _js.GetStreamAsync(stream, new StreamInfoRequest { SubjectsFilter = subject });
        return info.Info.State.Subjects?.Values.Sum() ?? 0; // one count per subject that matches
    }

    /// <summary>The lines of every job in the jobs stream (waiting, or held by an agent): a bundle counts its lines.</summary>
    public async Task<int> CountQueuedLinesAsync()
    {
        INatsJSStream stream = await _js.GetStreamAsync(QueueNames.JobsStream);
        int lines = 0;
        ulong next = 1;
        while (true)
        {
            StreamMsgGetResponse found;
            try
            {
                found = await stream.GetAsync(new StreamMsgGetRequest { Seq = next, NextBySubj = QueueNames.JobsWildcard });
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                return lines;
            }
            lines += JsonSerializer.Deserialize(found.Message.Data.Span, QueueJson.Default.JobMessage)?.Read()?.Count ?? 0;
            next = found.Message.Seq + 1;
        }
    }

    /// <summary>The runs whose spec is in the queue.</summary>
    public async Task<IReadOnlyList<string>> OpenRunsAsync()
    {
        INatsJSStream info = await _js.GetStreamAsync(QueueNames.RunsStream, new StreamInfoRequest { SubjectsFilter = QueueNames.RunsWildcard });
        return [.. (info.Info.State.Subjects?.Keys ?? []).Select(QueueNames.RunOf)];
    }

    private async Task PullAsync(int batch)
    {
        INatsJSConsumer consumer = await _js.GetConsumerAsync(QueueNames.JobsStream, QueueNames.AgentsConsumer, _stop.Token);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await foreach (NatsJSMsg<byte[]> message in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = batch, Expires = TimeSpan.FromSeconds(1) }, cancellationToken: _stop.Token))
                {
                    JobMessage job = JsonSerializer.Deserialize(message.Data!, QueueJson.Default.JobMessage)!;
                    JobMessage[] lines = [.. job.Read()!.Select(line => new JobMessage(job.Run, line.Key, line.Url, line.Mode))];
                    foreach (JobMessage line in lines)
                    {
                        _seen.Enqueue(line);
                        _holding.Took(new Uri(line.Url!).Authority);
                    }
                    if (!Answering || _seen.Count > AnswerFirst)
                    {
                        lock (_held)
                        {
                            _held.Add((message, lines));
                        }
                        continue;
                    }
                    _ = AnswerAsync(message, lines);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task AnswerAsync(NatsJSMsg<byte[]> message, IReadOnlyList<JobMessage> lines)
    {
        try
        {
            if (AnswerAfter > TimeSpan.Zero)
            {
                await Task.Delay(AnswerAfter, _stop.Token);
            }
            foreach (JobMessage job in lines)
            {
                _holding.Answered(new Uri(job.Url!).Authority); // before the record: the collector may publish the next one as soon as it has it
                await PublishRecordAsync(job.Run, job.Key!, "fetched " + job.Url);
                if (Twice)
                {
                    await PublishRecordAsync(job.Run, job.Key!, "fetched again " + job.Url, msgIdSuffix: "-again");
                }
            }
            await message.AckAsync(cancellationToken: _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
        }
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
