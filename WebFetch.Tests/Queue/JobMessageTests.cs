using System.Text;
using System.Text.Json;
using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class JobMessageTests
{
    private static JobMessage? Parse(string json) => JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), QueueJson.Default.JobMessage);

    private static string Write(JobMessage job) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(job, QueueJson.Default.JobMessage));

    [Fact]
    public void OneLineIsWrittenAsASingleJobAsBeforeBundles()
    {
        string json = Write(JobMessage.Of("r1", [new JobLine("0:7", "http://127.0.0.1/a")]));

        Assert.Equal("""{"run":"r1","key":"0:7","url":"http://127.0.0.1/a"}""", json);
    }

    [Fact]
    public void SeveralLinesAreWrittenAsABundleAndReadBackInOrderWithTheirModes()
    {
        JobLine[] lines = [new("0:1", "http://127.0.0.1/a"), new("0:2", "http://127.0.0.1/b", "check"), new("0:3", "http://127.0.0.1/c")];

        string json = Write(JobMessage.Of("r1", lines));

        Assert.DoesNotContain("\"key\":\"0:1\",\"url\":\"http://127.0.0.1/a\",\"mode\"", json);
        Assert.Equal(lines, Parse(json)!.Read());
    }

    [Fact]
    public void ALineSplitOffABundleCarriesItsDeliveries()
    {
        JobMessage? read = Parse(Write(new JobMessage("r1", "0:2", "http://127.0.0.1/b", Lost: 2)));

        Assert.Equal(2, read!.Lost);
        Assert.Equal([new JobLine("0:2", "http://127.0.0.1/b")], read.Read());
    }

    [Theory]
    [InlineData("""{"key":"0:1","url":"http://127.0.0.1/a"}""")]
    [InlineData("""{"run":"r1","url":"http://127.0.0.1/a"}""")]
    [InlineData("""{"run":"r1","key":"0:1"}""")]
    [InlineData("""{"run":"r1","lines":[]}""")]
    [InlineData("""{"run":"r1","lines":[{"key":"0:1"}]}""")]
    [InlineData("""{"run":"r1","key":"0:1","url":"http://127.0.0.1/a","lines":[{"key":"0:2","url":"http://127.0.0.1/b"}]}""")]
    [InlineData("""{"run":"r1","lost":1,"lines":[{"key":"0:2","url":"http://127.0.0.1/b"}]}""")]
    [InlineData("""{"run":"r1","key":"0:1","url":"http://127.0.0.1/a","lost":-1}""")]
    public void AMessageThatIsNotAJobHasNoLines(string json) => Assert.Null(Parse(json)?.Read());

    [Fact]
    public void AJobHasAtLeastOneLine() => Assert.Throws<ArgumentException>(() => JobMessage.Of("r1", []));
}
