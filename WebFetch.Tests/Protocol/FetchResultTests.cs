using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Protocol;

public sealed class FetchResultTests
{
    [Fact]
    public void AFullAnswerOnTheWireHasEveryFieldInItsOrderAndName()
    {
        Assert.Equal(
            """{"url":"https://example.test/a?b=c\u0026d=\u003Ce\u003E","final_url":"https://example.test/final","status":200,"content_type":"text/html","charset":"windows-1252","length":1234"""
            + ""","title":"Caf\u00E9 \u0026 \u003Cfriends\u003E","description":"A \u0022quoted\u0022\tdescription","lang":"fr","canonical":"https://example.test/canonical","links":7"""
            + ""","select":{"h":["One","Two, three"],"img":[]},"link_urls":["https://example.test/x","https://example.test/y%20z"],"links_truncated":true"""
            + ""","redirects":2,"elapsed_ms":56,"worker":3,"attempts":4"""
            + ""","error":{"kind":"too_large","message":"the body is larger than 10 bytes"}}"""
            + "\n",
            Encoding.UTF8.GetString(LineProtocol.Encode(SampleRecords.Full(), ProtocolJson.Compact.FetchResult).Span));
    }

    [Fact]
    public void ABareAnswerOnTheWireWritesNullsAndLeavesOutSelectionsAndLinkUrls()
    {
        Assert.Equal(
            """{"url":"http://a.test/","final_url":null,"status":null,"content_type":null,"charset":null,"length":0"""
            + ""","title":null,"description":null,"lang":null,"canonical":null,"links":0"""
            + ""","redirects":0,"elapsed_ms":0,"worker":null,"attempts":0"""
            + ""","error":null}"""
            + "\n",
            Encoding.UTF8.GetString(LineProtocol.Encode(SampleRecords.Bare(), ProtocolJson.Compact.FetchResult).Span));
    }

    [Fact]
    public void EveryFieldOfARecordIsSetOnlyWhenTheRecordIsMade()
    {
        PropertyInfo[] properties = typeof(FetchResult).GetProperties(BindingFlags.Public | BindingFlags.Instance);

        Assert.Equal(43, properties.Length);
        Assert.All(properties, p => Assert.True(
            p.SetMethod?.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) == true,
            $"{p.Name} can be changed after the record is made"));
    }

    [Fact]
    public void TheListsOfARecordCannotBeChangedThroughIt()
    {
        Assert.Equal(typeof(IReadOnlyDictionary<string, IReadOnlyList<string>>), typeof(FetchResult).GetProperty(nameof(FetchResult.Select))!.PropertyType);
        Assert.Equal(typeof(IReadOnlyList<string>), typeof(FetchResult).GetProperty(nameof(FetchResult.LinkUrls))!.PropertyType);
        Assert.Equal(typeof(IReadOnlyList<RedirectHop>), typeof(FetchResult).GetProperty(nameof(FetchResult.RedirectChain))!.PropertyType);
        Assert.Equal(typeof(IReadOnlyList<FoundLink>), typeof(FetchResult).GetProperty(nameof(FetchResult.FoundLinks))!.PropertyType);
        Assert.Equal(typeof(IReadOnlyList<string>), typeof(FetchResult).GetProperty(nameof(FetchResult.Anchors))!.PropertyType);
    }

    [Fact]
    public void ACapturedBodyAndARedirectChainWeighOnTheRecordsEstimate()
    {
        FetchResult bare = SampleRecords.Bare();
        FetchResult carrying = bare with
        {
            Body = new string('x', 10_000),
            RedirectChain = [new RedirectHop("http://a.test/" + new string('y', 1_000), 301)],
        };

        Assert.True(carrying.EstimatedBytes() - bare.EstimatedBytes() >= 2 * (10_000 + 1_000), $"{carrying.EstimatedBytes()} against {bare.EstimatedBytes()}");
    }
}
