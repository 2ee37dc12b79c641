using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class UrlJobKeysTests
{
    [Fact]
    public void AUrlHasTheSameLineInEveryCollectorOfItsRunAndAnotherInAnotherRun()
    {
        long line = new UrlJobKeys("f0123456789abcdef-01ab").LineOf("http://127.0.0.1/a.html");

        Assert.Equal(line, new UrlJobKeys("f0123456789abcdef-01ab").LineOf("http://127.0.0.1/a.html"));
        Assert.NotEqual(line, new UrlJobKeys("f0123456789abcdef-01ab").LineOf("http://127.0.0.1/b.html"));
        Assert.NotEqual(line, new UrlJobKeys("f0123456789abcdef-ffff").LineOf("http://127.0.0.1/a.html"));
    }

    [Fact]
    public void EveryLineIsAKeyTheRecordsHeaderCarries()
    {
        var keys = new UrlJobKeys("r0123456789ab");
        long[] lines = [.. Enumerable.Range(0, 10_000).Select(n => keys.LineOf($"http://127.0.0.1/{n}"))];

        Assert.Equal(lines.Length, lines.Distinct().Count());
        Assert.All(lines, line => Assert.True(JobKey.TryParse(new JobKey(0, line).ToString(), out JobKey read) && read.Line == line, $"{line}"));
    }
}
