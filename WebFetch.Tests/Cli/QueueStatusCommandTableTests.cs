using WebFetch.Cli;
using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Cli;

public sealed class QueueStatusCommandTableTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheTableSumsUpTheJobsAndListsRunsAndAgentsInAlignedColumns()
    {
        var status = new QueueStatus(
            "nats://queue.example:4222",
            QueueExists: true,
            At,
            [
                new QueueStatusRun("a1b2c3", "collector-1", At.AddMinutes(-30), 3, 1200, 7),
                new QueueStatusRun("orphan", null, null, null, 2, 0),
            ],
            new QueueStatusJobs(1202, 1190, 12, 1),
            7,
            [
                new QueueStatusAgent("agent-1", 311, 2, 8, 12, 5000, false, At.AddHours(-1), At.AddSeconds(-3), 3),
                new QueueStatusAgent("agent-two", 42, 1, 4, 0, 9, true, At.AddHours(-1), At.AddMinutes(-10), 600),
            ]);

        string table = QueueStatusCommandTable.Format(status);

        Assert.Equal(
            """
            Queue nats://queue.example:4222 at 2026-12-03 10:00:00Z
            Jobs: 1202 queued (1190 waiting, 12 in flight, 1 redelivered); 7 messages of records waiting for a collector

            RUN     COLLECTOR    STARTED               ATTEMPTS  JOBS  RECORD MSGS
            a1b2c3  collector-1  2026-12-03 09:30:00Z  3         1200  7
            orphan  -            -                     -         2     0

            AGENT      PID  WORKERS  IN FLIGHT  DONE  STATE     SEEN
            agent-1    311  2 x 8    12         5000  serving   3 s ago
            agent-two  42   1 x 4    0          9     draining  10 min ago

            """.ReplaceLineEndings("\n"),
            table);
    }

    [Fact]
    public void AQueueWithNothingInItSaysThereAreNoRunsAndNoAgents()
    {
        var status = new QueueStatus("nats://q:4222", QueueExists: true, At, [], new QueueStatusJobs(0, 0, 0, 0), 1, []);

        string table = QueueStatusCommandTable.Format(status);

        Assert.Contains("1 message of records waiting for a collector", table);
        Assert.Contains("No runs.\n", table);
        Assert.Contains("No agent seen.\n", table);
    }

    [Fact]
    public void AServerWithoutTheQueueIsOneLineSayingSo() =>
        Assert.Equal(
            "no webfetch queue on this server yet (nats://q:4222): no collector or agent has used it\n",
            QueueStatusCommandTable.Format(QueueStatus.None("nats://q:4222", At)));

    [Theory]
    [InlineData(0, "0 s ago")]
    [InlineData(119, "119 s ago")]
    [InlineData(120, "2 min ago")]
    [InlineData(7199, "119 min ago")]
    [InlineData(7200, "2 h ago")]
    [InlineData(2 * 86400, "2 d ago")]
    public void HowLongAgoAnAgentWasSeenIsInTheLargestReadableUnit(long seconds, string expected) =>
        Assert.Equal(expected, QueueStatusCommandTable.Ago(seconds));
}
