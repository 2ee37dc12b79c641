using WebFetch.Cli;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Cli;

public sealed class HeaderVariablesTests
{
    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["TOKEN"] = "s3cret",
        ["EMPTY"] = "",
        ["CREDS"] = " user:pa ss \n",
    };

    [Theory]
    [InlineData("%TOKEN", "TOKEN", "s3cret")]
    [InlineData("%TOKEN=fallback", "TOKEN", "s3cret")]
    [InlineData("%MISSING=fallback", "MISSING", "fallback")]
    [InlineData("%EMPTY=fallback", "EMPTY", "fallback")]
    [InlineData("plain=a=b", "plain", "a=b")]
    [InlineData("blank=", "blank", "")]
    public void AVariableIsImportedFromTheEnvironmentOrGiven(string definition, string name, string value)
    {
        Assert.Equal(value, HeaderVariables.Define(definition, Lookup, out string defined, out string? problem));
        Assert.Equal(name, defined);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("%MISSING", "--variable %MISSING: the environment variable MISSING is not set")]
    [InlineData("%EMPTY", "--variable %EMPTY: the environment variable EMPTY is empty")]
    [InlineData("bare", "--variable bare: give a value (name=text) or import it from the environment (%bare)")]
    [InlineData("%a-b", "--variable: 'a-b' is not a variable name")]
    [InlineData("=x", "--variable: '' is not a variable name")]
    public void AVariableThatCannotBeDefinedIsAProblemThatNamesIt(string definition, string message)
    {
        Assert.Null(HeaderVariables.Define(definition, Lookup, out _, out string? problem));
        Assert.StartsWith(message, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authorization: Bearer {{TOKEN}}", "Authorization", "Bearer s3cret")]
    [InlineData("Authorization: Basic {{CREDS:trim:b64}}", "Authorization", "Basic dXNlcjpwYSBzcw==")]
    [InlineData("X-Q: {{CREDS:trim:url}}", "X-Q", "user%3Apa%20ss")]
    [InlineData("X-J: \"{{QUOTE:json}}\"", "X-J", "\"a\\\"b\\\\c\"")]
    [InlineData("X-Literal: \\{{TOKEN}} {{ {{not a name}} {{TOKEN", "X-Literal", "{{TOKEN}} {{ {{not a name}} {{TOKEN")]
    [InlineData("X-Two: {{TOKEN}}{{TOKEN}}", "X-Two", "s3crets3cret")]
    public void AHeaderGetsItsVariablesPutIn(string template, string name, string value)
    {
        var problems = new List<string>();

        List<HeaderField> headers = HeaderVariables.Expand(["%TOKEN", "%CREDS", "QUOTE=a\"b\\c"], [template], Lookup, problems);

        Assert.Empty(problems);
        Assert.Equal([new HeaderField(name, value)], headers);
    }

    [Theory]
    [InlineData("Authorization: Bearer {{TOKN}}", "--expand-header: '{{TOKN}}' names no variable: define it with --variable %TOKN (from the environment) first")]
    [InlineData("Authorization: Bearer {{TOKEN:base64}}", "--expand-header: 'base64' in '{{TOKEN:base64}}' is not a function: trim, json, url or b64")]
    [InlineData("{{TOKEN}}", "--expand-header: a header must look like 'Name: value'")]
    [InlineData("X-Bad: {{NEWLINE}}", "--expand-header: the value of header 'X-Bad' holds a control character")]
    public void AHeaderThatCannotBeExpandedIsAProblemThatQuotesNoValue(string template, string message)
    {
        var problems = new List<string>();

        HeaderVariables.Expand(["%TOKEN", "NEWLINE=a\nb"], [template], Lookup, problems);

        Assert.StartsWith(message, Assert.Single(problems), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void EveryUndefinableVariableIsReported()
    {
        var problems = new List<string>();

        HeaderVariables.Expand(["%MISSING", "%TOKEN", "%GONE"], ["X-A: {{TOKEN}}"], Lookup, problems);

        Assert.Equal(["--variable %MISSING: the environment variable MISSING is not set", "--variable %GONE: the environment variable GONE is not set"], problems);
    }

    private static string? Lookup(string name) => Environment.GetValueOrDefault(name);
}
