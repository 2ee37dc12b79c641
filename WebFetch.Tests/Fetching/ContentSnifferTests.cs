using System.Runtime.Versioning;
using System.Text;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

[SupportedOSPlatform("linux")]
public sealed class ContentSnifferTests
{
    [Theory]
    [InlineData("text/html")]
    [InlineData("TEXT/HTML")]
    [InlineData("application/xhtml+xml")]
    public void HtmlMediaTypeIsHtmlWhateverTheBody(string mediaType)
    {
        Assert.True(ContentSniffer.IsHtml(mediaType, "{\"a\":1}"u8));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("image/png")]
    [InlineData("application/xml")]
    public void OtherMediaTypeIsNotHtmlEvenWithAnHtmlBody(string mediaType)
    {
        Assert.False(ContentSniffer.IsHtml(mediaType, "<!DOCTYPE html><html></html>"u8));
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html></html>")]
    [InlineData("<!doctype HTML>")]
    [InlineData("  \r\n\t<!DOCTYPE html>")]
    [InlineData("<html lang=\"en\">")]
    [InlineData("<HEAD><title>x</title>")]
    [InlineData("<title>x</title>")]
    public void BodyWithoutMediaTypeIsSniffedAsHtml(string body)
    {
        Assert.True(ContentSniffer.IsHtml(null, Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void DoctypeAfterAByteOrderMarkAndWhitespaceIsSniffedAsHtml()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. " \n\t<!DOCTYPE html><html></html>"u8];

        Assert.True(ContentSniffer.IsHtml(null, body));
    }

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("")]
    [InlineData("plain text <html>")]
    [InlineData("<?xml version=\"1.0\"?><html>")]
    [InlineData("<!DOCTYPE htm")]
    [InlineData("<body>")]
    public void BodyWithoutMediaTypeThatIsNotHtmlIsNotSniffedAsHtml(string body)
    {
        Assert.False(ContentSniffer.IsHtml(null, Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void SniffingLooksOnlyAtTheStartOfTheBody()
    {
        byte[] body = [.. Enumerable.Repeat((byte)' ', 600), .. "<!DOCTYPE html>"u8];

        Assert.False(ContentSniffer.IsHtml(null, body));
    }
}
