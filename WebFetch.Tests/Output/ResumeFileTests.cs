using System.Text;
using WebFetch.Input;
using WebFetch.Output;
using Xunit;

namespace WebFetch.Tests.Output;

public sealed class ResumeFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wf-resume-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void SuccessesAndLastingErrorsAreDoneButPassingErrorsAreNot()
    {
        string path = Write(
            Record("http://ok/", null),
            Record("http://404/", null),
            Record("bad line", "invalid_url"),
            Record("http://big/", "too_large"),
            Record("http://lost/", "worker_lost"),
            Record("http://slow/", "timeout"),
            Record("http://refused/", "connect"),
            Record("http://nxdomain/", "dns"));
        var done = new DoneUrls();

        using (ResumeFile.Open(path, done))
        {
        }

        Assert.Equal(4, done.Count);
        Assert.True(done.Contains("http://ok/"));
        Assert.True(done.Contains("bad line"));
        Assert.True(done.Contains("http://big/"));
        Assert.False(done.Contains("http://lost/"));
        Assert.False(done.Contains("http://slow/"));
        Assert.False(done.Contains("http://refused/"));
        Assert.False(done.Contains("http://nxdomain/"));
    }

    [Fact]
    public void TheLatestRecordOfAUrlDecidesWhetherItIsDone()
    {
        string path = Write(
            Record("http://back/", "connect"),
            Record("http://back/", null),
            Record("http://down-again/", null),
            Record("http://down-again/", "timeout"),
            "{\"url\":\"http://unavailable/\",\"status\":503,\"error\":{\"kind\":\"http_status\",\"message\":\"m\"}}",
            "{\"url\":\"http://missing/\",\"status\":404,\"error\":{\"kind\":\"http_status\",\"message\":\"m\"}}",
            Record("http://stopped/", "interrupted"));
        var done = new DoneUrls();

        using (ResumeFile.Open(path, done))
        {
        }

        Assert.True(done.Contains("http://back/"));
        Assert.False(done.Contains("http://down-again/"));
        Assert.False(done.Contains("http://unavailable/"));
        Assert.True(done.Contains("http://missing/"));
        Assert.False(done.Contains("http://stopped/"));
        Assert.Equal(2, done.Count);
    }

    [Fact]
    public void ATruncatedLastLineIsCutOffSoAppendsStayValid()
    {
        string path = Write(Record("http://a/", null), Record("http://b/", null));
        File.AppendAllText(path, "{\"url\":\"http://c/\",\"final_url\":\"htt");
        var done = new DoneUrls();

        using (FileStream file = ResumeFile.Open(path, done))
        {
            Assert.Equal(file.Length, file.Position);
            file.Write(Encoding.UTF8.GetBytes(Record("http://d/", null) + "\n"));
        }

        Assert.False(done.Contains("http://c/"));
        string[] lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("{\"url\":", l, StringComparison.Ordinal));
        Assert.EndsWith("\n", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void ACompleteLastRecordWithoutItsNewlineIsKeptAndGetsOne()
    {
        string path = Path.Combine(_directory, "out.jsonl");
        File.WriteAllText(path, Record("http://a/", null));
        var done = new DoneUrls();

        using (ResumeFile.Open(path, done))
        {
        }

        Assert.True(done.Contains("http://a/"));
        Assert.Equal(Record("http://a/", null) + "\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("{\n  \"url\": \"http://a/\",\n  \"error\": null\n}\n", 1)]
    [InlineData("meeting notes, not records", 1)]
    [InlineData("{\"url\":\"http://a/\",\"err\":null}", 1)]
    [InlineData("{\"a\":1}", 1)]
    [InlineData("{\"url\":\"http://a/\",\"error\":null}\nnot a record\n{\"url\":\"http://b/\",\"error\":null}\n", 2)]
    [InlineData("{\"url\":\"http://a/\",\"error\":null} and more\n", 1)]
    [InlineData("{\"url\":\"http://a/\",\"error\":null}\n{\"url\":\"http://b/\",\"err\n{\"url\":\"http://c/\",\"error\":null}\n", 2)]
    [InlineData("{\"url\":\"http://a/\",\"error\":null}\n{\"url\":\"http://b/\",\"error\":null}]", 2)]
    public void AFileWithALineThatIsNotARecordIsRefusedAndLeftAsItIs(string content, int badLine)
    {
        string path = Path.Combine(_directory, "notes.json");
        File.WriteAllText(path, content);

        OutputFileException error = Assert.Throws<OutputFileException>(() => ResumeFile.Open(path, new DoneUrls()));

        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"line {badLine} is not a record", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(path));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"ur")]
    [InlineData("{\"url\":\"")]
    [InlineData("{\"url\":\"http://c/\",\"links\":[1,")]
    public void TheStartOfARecordCutShortAnywhereIsRemoved(string cut)
    {
        string path = Write(Record("http://a/", null));
        File.AppendAllText(path, cut);

        using (ResumeFile.Open(path, new DoneUrls()))
        {
        }

        Assert.Equal(Record("http://a/", null) + "\n", File.ReadAllText(path));
    }

    [Fact]
    public void AMissingFileIsCreatedEmpty()
    {
        string path = Path.Combine(_directory, "new.jsonl");
        var done = new DoneUrls();

        using (FileStream file = ResumeFile.Open(path, done))
        {
            Assert.Equal(0, file.Length);
        }

        Assert.True(File.Exists(path));
        Assert.Equal(0, done.Count);
    }

    [Fact]
    public void AFileThatCannotBeOpenedIsAConfigurationError()
    {
        Assert.Throws<OutputFileException>(() => ResumeFile.Open(Path.Combine(_directory, "no", "such", "dir.jsonl"), new DoneUrls()));
    }

    private static string Record(string url, string? kind) =>
        $"{{\"url\":\"{url}\",\"status\":{(kind is null ? "200" : "null")},\"error\":{(kind is null ? "null" : $"{{\"kind\":\"{kind}\",\"message\":\"m\"}}")}}}";

    private string Write(params string[] lines)
    {
        string path = Path.Combine(_directory, $"{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}
