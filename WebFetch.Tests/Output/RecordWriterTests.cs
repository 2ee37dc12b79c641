using System.Text;
using WebFetch.Output;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Output;

public sealed class RecordWriterTests
{
    [Fact]
    public void AFullRecordIsOneJsonLineWithEveryFieldInItsOrderAndName()
    {
        Assert.Equal(
            """{"url":"https://example.test/a?b=c&d=<e>","final_url":"https://example.test/final","status":200,"content_type":"text/html","charset":"windows-1252","length":1234"""
            + ""","title":"Café & <friends>","description":"A \"quoted\"\tdescription","lang":"fr","canonical":"https://example.test/canonical","links":7"""
            + ""","select":{"h":["One","Two, three"],"img":[]},"link_urls":["https://example.test/x","https://example.test/y%20z"],"links_truncated":true"""
            + ""","redirects":2,"elapsed_ms":56,"worker":3,"attempts":4"""
            + ""","error":{"kind":"too_large","message":"the body is larger than 10 bytes"}}"""
            + "\n",
            Write(SampleRecords.Full()));
    }

    [Fact]
    public void ABareRecordWritesNullsAndLeavesOutSelectionsAndLinkUrls()
    {
        Assert.Equal(
            """{"url":"http://a.test/","final_url":null,"status":null,"content_type":null,"charset":null,"length":0"""
            + ""","title":null,"description":null,"lang":null,"canonical":null,"links":0"""
            + ""","redirects":0,"elapsed_ms":0,"worker":null,"attempts":0"""
            + ""","error":null}"""
            + "\n",
            Write(SampleRecords.Bare()));
    }

    private static string Write(FetchResult record)
    {
        using var output = new MemoryStream();
        using (var writer = new RecordWriter(output))
        {
            writer.Write(record);
            Assert.True(writer.Complete());
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
