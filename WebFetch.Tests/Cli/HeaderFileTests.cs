using System.Runtime.Versioning;
using System.Text;
using WebFetch.Cli;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Cli;

[SupportedOSPlatform("linux")]
public sealed class HeaderFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wf-headers-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void EachLineIsAHeaderAndBlankAndCommentLinesAreSkipped()
    {
        string path = Write("\uFEFF# the staging token\r\nAuthorization: Bearer s3cret\r\n\r\n   \n  # indented comment\nAccept-Language: de\nX-Token:  a:b  ");

        List<HeaderField> headers = Read(path, out string? warning);

        Assert.Equal([new("Authorization", "Bearer s3cret"), new("Accept-Language", "de"), new("X-Token", "a:b")], headers);
        Assert.Null(warning);
    }

    [Fact]
    public void ABadLineIsNamedByFileAndNumberWithoutQuotingIt()
    {
        string path = Write("X-One: 1\n# comment\nBearer s3cret-token\n");

        var headers = new List<HeaderField>();
        Assert.False(HeaderFile.TryRead(path, headers, out string problem, out _));

        Assert.StartsWith($"--header @{path}: line 3: ", problem, StringComparison.Ordinal);
        Assert.Contains("Name: value", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Content-Type: text/plain\n", "line 1: header 'Content-Type' describes a request body")]
    [InlineData("X-A: 1\nX-B: one\u0001two\n", "line 2: the value of header 'X-B' holds a control character")]
    public void AHeaderTheOptionRefusesIsRefusedInAFileToo(string content, string reason)
    {
        string path = Write(content);

        Assert.False(HeaderFile.TryRead(path, [], out string problem, out _));

        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsNamedWithTheReason()
    {
        string path = Path.Combine(_directory, "missing.txt");

        Assert.False(HeaderFile.TryRead(path, [], out string problem, out _));

        Assert.Equal($"--header @{path}: cannot read header file '{path}': no such file", problem);
    }

    [Fact]
    public void AnAtWithoutAFileNameIsRefused()
    {
        Assert.False(HeaderFile.TryRead("", [], out string problem, out _));

        Assert.Equal("--header @: a file name must follow the @ (@- reads stdin)", problem);
    }

    [Fact]
    public void AFileThatIsNotUtf8IsRefused()
    {
        string path = Path.Combine(_directory, "latin1.txt");
        File.WriteAllBytes(path, [.. "X-Name: M"u8, 0xFC, .. "ller\n"u8]);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.False(HeaderFile.TryRead(path, [], out string problem, out _));

        Assert.Contains("is not UTF-8 text", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileLargerThanTheLimitIsRefused()
    {
        string path = Write(string.Concat(Enumerable.Repeat("X-Filler: " + new string('x', 1000) + "\n", 1100)));

        Assert.False(HeaderFile.TryRead(path, [], out string problem, out _));

        Assert.Contains("is larger than 1 MB", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "0640")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "0644")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.OtherRead, "0404")]
    public void AFileOthersCanReadIsReadWithAWarningNamingItsMode(UnixFileMode mode, string octal)
    {
        string path = Write("Authorization: Bearer s3cret\n", mode);

        List<HeaderField> headers = Read(path, out string? warning);

        Assert.Single(headers);
        Assert.Equal($"header file '{path}' can be read by other users (mode {octal}): a secret in it is not private; make it yours alone with chmod 600 '{path}'", warning);
    }

    [Fact]
    public void AFileOnlyItsOwnerCanReadGetsNoWarning()
    {
        string path = Write("Authorization: Bearer s3cret\n", UnixFileMode.UserRead);

        Read(path, out string? warning);

        Assert.Null(warning);
    }

    private static List<HeaderField> Read(string path, out string? warning)
    {
        var headers = new List<HeaderField>();
        Assert.True(HeaderFile.TryRead(path, headers, out string problem, out warning), problem);
        return headers;
    }

    private string Write(string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        string path = Path.Combine(_directory, $"headers-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, content, new UTF8Encoding(false));
        File.SetUnixFileMode(path, mode);
        return path;
    }
}
