using WebFetch.Cli;
using Xunit;

namespace WebFetch.Tests.Cli;

public sealed class ProxyVariablesTests
{
    [Theory]
    [InlineData("http://proxy.example:3128")]
    [InlineData("proxy.example:3128")]
    [InlineData("https://user:pass@proxy.example")]
    [InlineData("socks5://127.0.0.1:1080")]
    [InlineData(" http://proxy.example:3128/ ")]
    public void AProxyUrlIsUsable(string value)
    {
        Assert.True(ProxyVariables.IsProxyUrl(value));
    }

    [Theory]
    [InlineData("::::")]
    [InlineData("ftp://proxy.example")]
    [InlineData("http://")]
    [InlineData("http://proxy example:3128")]
    public void AValueThatIsNotAProxyUrlIsNamed(string value)
    {
        Assert.False(ProxyVariables.IsProxyUrl(value));
    }

    [Fact]
    public void TheLowerCaseVariableIsTheOneInEffect()
    {
        var environment = new Dictionary<string, string>
        {
            ["http_proxy"] = "::::",
            ["HTTP_PROXY"] = "http://fine.example:3128",
            ["HTTPS_PROXY"] = "bad value",
            ["all_proxy"] = "",
            ["ALL_PROXY"] = "socks5://127.0.0.1:1080",
        };

        Assert.Equal([("http_proxy", "::::"), ("HTTPS_PROXY", "bad value")], ProxyVariables.Unusable(environment.GetValueOrDefault));
    }
}
