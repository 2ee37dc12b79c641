using System.CommandLine;
using WebFetch.Cli;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Cli;

/// <summary><c>--fields</c> and <c>--header-out</c> (issue 19) as the command line reads them.</summary>
public sealed class FieldsOptionTests
{
    private readonly RunCommandLine _line = new();

    private ParseResult Parse(params string[] args) => new RootCommand { _line.Create() }.Parse(["run", "a.txt", .. args]);

    private FetchOptions Read(params string[] args)
    {
        ParseResult result = Parse(args);
        Assert.Empty(result.Errors);
        return _line.Read(result).Fetch;
    }

    [Fact]
    public void WithoutTheOptionsNoFieldIsAskedFor()
    {
        FetchOptions options = Read();

        Assert.Equal(ResponseFields.None, options.Fields);
        Assert.Empty(options.HeaderOut);
    }

    [Fact]
    public void FieldsAddUpOverCommasAndRepeats()
    {
        Assert.Equal(ResponseFields.Ip | ResponseFields.Port | ResponseFields.Tls, Read("--fields", "ip,port", "--fields", "tls").Fields);
        Assert.Equal(ResponseFields.All, Read("--fields", "all").Fields);
        Assert.Equal(ResponseFields.HttpVersion | ResponseFields.BodySha256 | ResponseFields.Redirects | ResponseFields.Timing | ResponseFields.Headers,
            Read("--fields", "http_version, body_sha256,redirects,timing,headers").Fields);
    }

    [Fact]
    public void HeaderOutNamesTheHeadersInLowerCaseAndImpliesHeaders()
    {
        FetchOptions options = Read("--header-out", "Server", "--header-out", "x-cache", "--header-out", "SERVER", "--fields", "ip");

        Assert.Equal(["server", "x-cache"], options.HeaderOut);
        Assert.Equal(ResponseFields.Ip | ResponseFields.Headers, options.Fields);
    }

    [Theory]
    [InlineData("ip,bogus", "--fields: unknown field 'bogus'; the fields are ip, port, http_version, headers, timing, redirects, body_sha256, tls, all")]
    [InlineData("ip,,port", "--fields: an empty name in 'ip,,port'; the fields are ip, port")]
    [InlineData("IP", "--fields: unknown field 'IP'")]
    public void AnUnknownFieldIsAnErrorThatListsTheValidNames(string list, string message)
    {
        ParseResult result = Parse("--fields", list);

        Assert.Contains(result.Errors, e => e.Message.StartsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("x-a: b")]
    [InlineData("bad name")]
    [InlineData("")]
    public void AHeaderOutThatIsNotAHeaderNameIsAnError(string name)
    {
        ParseResult result = Parse("--header-out", name);

        Assert.Contains(result.Errors, e => e.Message.StartsWith($"--header-out: '{name}' is not a header name", StringComparison.Ordinal));
    }
}
