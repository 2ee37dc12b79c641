using WebFetch.Fetching;
using WebFetch.Urls;
using Xunit;

namespace WebFetch.Tests.Fetching;

public sealed class OriginCredentialsTests
{
    [Fact]
    public void CredentialHeadersGoToTheOriginOfTheUrlAsGivenAndNowhereElse()
    {
        var credentials = new OriginCredentials([Header("Cookie: a=1"), Header("X-Other: 2")]);

        using HttpRequestMessage sameOrigin = RequestTo(credentials, "http://site.test/next", from: "http://site.test/");
        using HttpRequestMessage otherPort = RequestTo(credentials, "http://site.test:8080/", from: "http://site.test/");

        Assert.Equal(["a=1"], sameOrigin.Headers.GetValues("Cookie"));
        Assert.False(sameOrigin.Headers.Contains("X-Other"));
        Assert.False(otherPort.Headers.Contains("Cookie"));
    }

    [Fact]
    public void TheUserAndPasswordOfTheUrlAreSentAsBasicAuthorizationUnlessAnAuthorizationHeaderIsGiven()
    {
        using HttpRequestMessage fromUrl = RequestTo(new OriginCredentials([]), "http://us%40er:p%3Ass@site.test/", from: "http://us%40er:p%3Ass@site.test/");
        using HttpRequestMessage fromHeader = RequestTo(
            new OriginCredentials([Header("Authorization: Bearer token")]), "http://user:pass@site.test/", from: "http://user:pass@site.test/");

        Assert.Equal(["Basic " + Convert.ToBase64String("us@er:p:ss"u8.ToArray())], fromUrl.Headers.GetValues("Authorization"));
        Assert.Equal(["Bearer token"], fromHeader.Headers.GetValues("Authorization"));
    }

    private static HttpRequestMessage RequestTo(OriginCredentials credentials, string url, string from)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://unused.test/");
        credentials.AddTo(request, Url(url), Url(from));
        return request;
    }

    private static WebUrl Url(string text) =>
        WebUrl.TryParse(text, out WebUrl? url, out string? problem) ? url : throw new ArgumentException(problem, nameof(text));

    private static HeaderField Header(string text) =>
        HeaderField.TryParse(text, out HeaderField? header, out string problem) ? header! : throw new ArgumentException(problem, nameof(text));
}
