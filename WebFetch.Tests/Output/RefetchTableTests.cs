using WebFetch.Output;
using Xunit;

namespace WebFetch.Tests.Output;

/// <summary>Which records --resume fetches again: the moment's failures and stops, not the URL's own answers.</summary>
public sealed class RefetchTableTests
{
    [Theory]
    [InlineData("interrupted", null)]
    [InlineData("worker_lost", null)]
    [InlineData("timeout", null)]
    [InlineData("timeout", 200)]
    [InlineData("connect", null)]
    [InlineData("dns", null)]
    [InlineData("internal", null)]
    [InlineData("http_status", 500)]
    [InlineData("match", 503)]
    [InlineData("http_status", 502)]
    [InlineData("http_status", 503)]
    [InlineData("http_status", 504)]
    [InlineData("http_status", 429)]
    [InlineData("http_status", 408)]
    [InlineData("a_kind_of_another_version", null)]
    public void TheMomentsFailuresAreFetchedAgain(string kind, int? status) => Assert.True(RefetchTable.FetchAgain(kind, status));

    [Theory]
    [InlineData("invalid_url", null)]
    [InlineData("tls", null)]
    [InlineData("too_large", 200)]
    [InlineData("too_many_redirects", 301)]
    [InlineData("protocol", null)]
    [InlineData("http_status", 400)]
    [InlineData("http_status", 401)]
    [InlineData("http_status", 403)]
    [InlineData("http_status", 404)]
    [InlineData("http_status", 410)]
    [InlineData("http_status", 451)]
    [InlineData("match", 200)]
    [InlineData("match", 404)]
    [InlineData("cert_expiring", 200)]
    public void TheUrlsOwnAnswersAreNotFetchedAgain(string kind, int? status) => Assert.False(RefetchTable.FetchAgain(kind, status));
}
