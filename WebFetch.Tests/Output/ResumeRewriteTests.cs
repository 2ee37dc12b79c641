using System.Text.Json;
using WebFetch.Input;
using WebFetch.Output;
using Xunit;

namespace WebFetch.Tests.Output;

/// <summary>The end of a resumed run: one record per URL, the latest, put in place atomically and still locked.</summary>
public sealed class ResumeRewriteTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wf-rewrite-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void OnlyTheLatestRecordOfEachUrlIsKeptInFileOrderWithTheFilesMode()
    {
        string path = Write(
            Record("http://a/", "connect"),
            Record("http://b/", null),
            Record("http://a/", "timeout"),
            Record("http://c/", null),
            Record("http://a/", null));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        using (FileStream file = ResumeFile.Open(path, new DoneUrls()))
        using (FileStream? rewritten = ResumeRewrite.Run(file, path))
        {
            Assert.NotNull(rewritten);
            // the new file is locked before it takes the name: another run is kept out
            Assert.True(OutputFiles.InUse(Assert.ThrowsAny<IOException>(() => OutputFiles.Open(path, append: true))));
        }

        Assert.Equal(["http://b/", "http://c/", "http://a/"], File.ReadAllLines(path).Select(UrlOf));
        Assert.Null(KindOf(File.ReadAllLines(path)[2]));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void AFileWithOneRecordPerUrlIsLeftAsItIs()
    {
        string path = Write(Record("http://a/", null), Record("http://b/", "connect"));
        FileIdentity? before = FileIdentity.Of(path);

        using (FileStream file = ResumeFile.Open(path, new DoneUrls()))
        {
            Assert.Null(ResumeRewrite.Run(file, path));
        }

        Assert.Equal(before, FileIdentity.Of(path));
    }

    [Fact]
    public void ACrashBetweenTheTemporaryFileAndTheRenameLeavesTheOldFileWholeAndTheNextRunCleansUp()
    {
        string[] lines = [Record("http://a/", "connect"), Record("http://b/", null), Record("http://a/", null)];
        string path = Write(lines);

        using (FileStream file = ResumeFile.Open(path, new DoneUrls()))
        {
            FileStream? temporary = ResumeRewrite.WriteTemporary(file, path, out int dropped);
            Assert.NotNull(temporary);
            Assert.Equal(1, dropped);
            temporary.Dispose(); // killed here: no rename
        }

        Assert.Equal(lines, File.ReadAllLines(path));
        Assert.True(File.Exists(ResumeRewrite.TemporaryPath(path)));

        var done = new DoneUrls();
        using (FileStream file = ResumeFile.Open(path, done))
        {
            Assert.False(File.Exists(ResumeRewrite.TemporaryPath(path)));
            Assert.Equal(2, done.Count);
            using FileStream? rewritten = ResumeRewrite.Run(file, path);
            Assert.NotNull(rewritten);
        }
        Assert.Equal([lines[1], lines[2]], File.ReadAllLines(path));
    }

    [Fact]
    public void AResumeFileReachedThroughALinkIsRewrittenWhereTheLinkLeadsAndTheLinkStays()
    {
        string path = Write(Record("http://a/", "dns"), Record("http://a/", null));
        string link = Path.Combine(_directory, "today.jsonl");
        File.CreateSymbolicLink(link, path);

        using (FileStream file = ResumeFile.Open(link, new DoneUrls()))
        using (FileStream? rewritten = ResumeRewrite.Run(file, link))
        {
            Assert.NotNull(rewritten);
        }

        Assert.Equal(path, new FileInfo(link).LinkTarget);
        Assert.Equal([Record("http://a/", null)], File.ReadAllLines(path));
    }

    private static string? UrlOf(string line) =>
        line.StartsWith('{') ? JsonDocument.Parse(line).RootElement.GetProperty("url").GetString() : line;

    private static string? KindOf(string line)
    {
        JsonElement error = JsonDocument.Parse(line).RootElement.GetProperty("error");
        return error.ValueKind == JsonValueKind.Null ? null : error.GetProperty("kind").GetString();
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
