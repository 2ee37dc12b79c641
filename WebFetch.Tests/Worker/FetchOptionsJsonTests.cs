using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using WebFetch.Fetching;
using WebFetch.Worker;
using Xunit;

namespace WebFetch.Tests.Worker;

/// <summary>The fetch options a request carries for its run, written by the sender and read by the worker.</summary>
public sealed class FetchOptionsJsonTests
{
    /// <summary>Every option a run can set, none at its default.</summary>
    private static FetchOptions Everything() => new()
    {
        Timeout = TimeSpan.FromMilliseconds(7_500),
        ConnectTimeout = TimeSpan.FromMilliseconds(1_250),
        MaxBytes = 123_456,
        MaxRedirects = 3,
        UserAgent = "probe/1.0 (+https://example.test/about)",
        Retries = 4,
        Headers = [new HeaderField("X-Run", "first run"), new HeaderField("Authorization", "Bearer s3cret")],
        Proxy = "http://user:pa%40ss@127.0.0.1:3128",
        Insecure = true,
        Selectors = [new SelectorSpec("heading", "h1.title", null), new SelectorSpec("image", "img", "src")],
        Links = true,
        FailOnHttpError = true,
        Crawl = true,
        CheckOnly = true,
        CaptureBodyBytes = 512 << 10,
        MatchStatus = "200,3xx",
        FailStatus = "404,500-599",
        MatchString = "Welcome",
        MatchRegex = "Page [0-9]+",
        FailLength = "0-100",
        Fields = ResponseFields.Ip | ResponseFields.Tls,
        HeaderOut = ["server", "x-cache"],
        CaCertFile = "/etc/webfetch/ca.pem",
        ClientCertFile = "/etc/webfetch/client.pem",
        ClientKeyFile = "/etc/webfetch/client.key",
        CertWarnDays = 14,
        CountLinksOnly = true,
        CheckOwnAnchors = true,
        ScopeHosts = ["docs.example.test", "example.test"],
        ScopeDomains = true,
    };

    /// <summary>The options a run sets: every property with a setter (computed ones, such as the total budget, follow from them).</summary>
    private static IEnumerable<PropertyInfo> SettableOptions() =>
        typeof(FetchOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null);

    private static bool SameValue(object? expected, object? actual) =>
        expected is IEnumerable list && expected is not string && actual is IEnumerable other
            ? list.Cast<object>().SequenceEqual(other.Cast<object>())
            : Equals(expected, actual);

    [Fact]
    public void TheSampleSetsEveryOptionToAValueOtherThanItsDefault()
    {
        var defaults = new FetchOptions();
        FetchOptions sample = Everything();

        Assert.NotEmpty(SettableOptions());
        Assert.All(SettableOptions(), property =>
            Assert.False(SameValue(property.GetValue(defaults), property.GetValue(sample)), $"{property.Name} is at its default in the sample"));
    }

    [Fact]
    public void ARoundTripKeepsEveryOptionOfTheRun()
    {
        FetchOptions sent = Everything();

        FetchOptions received = FetchOptionsJson.Read(FetchOptionsJson.Write(sent));

        Assert.All(SettableOptions(), property =>
            Assert.True(SameValue(property.GetValue(sent), property.GetValue(received)), $"{property.Name} was not carried"));
        Assert.Equal(sent.TotalBudget, received.TotalBudget);
    }

    [Fact]
    public void TheTextIsTheJsonOfTheWorkerSettingsFetchOptions()
    {
        FetchOptions sent = Everything();

        string written = FetchOptionsJson.Write(sent);

        Assert.Equal(JsonSerializer.Serialize(sent, WorkerSettingsJson.Compact.FetchOptions), written);
        Assert.DoesNotContain('\n', written);
        Assert.Contains("\"max_bytes\":123456", written, StringComparison.Ordinal);
        Assert.Contains("\"fail_on_http_error\":true", written, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "invalid JSON literal")]
    [InlineData("null", "the fetch options are null")]
    [InlineData("[]", "could not be converted")]
    [InlineData("{}", "headers is null, not a list")]
    public void ATextThatIsNotFetchOptionsIsRefusedWithTheReason(string json, string reason)
    {
        JsonException refused = Assert.Throws<JsonException>(() => FetchOptionsJson.Read(json));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("selectors", "null", "selectors is null, not a list")]
    [InlineData("user_agent", "null", "user_agent is null")]
    [InlineData("headers", "[{\"name\":\"X-A\"}]", "a header has no name or no value")]
    [InlineData("headers", "[{\"name\":\"X A\",\"value\":\"b\"}]", "header name 'X A' is not a valid HTTP header name")]
    [InlineData("headers", "[{\"name\":\"X-A\",\"value\":\"b\\r\\nHost: elsewhere\"}]", "the value of header 'X-A' holds a control character")]
    [InlineData("headers", "[{\"name\":\"Content-Type\",\"value\":\"text/plain\"}]", "describes a request body")]
    [InlineData("headers", "[{\"name\":\" X-A\",\"value\":\"b\"}]", "header ' X-A' is not as -H would give it")]
    [InlineData("selectors", "[{\"name\":\"a\",\"css\":\"h1[\"}]", "is not a valid CSS selector")]
    [InlineData("selectors", "[{\"name\":\"a\"}]", "a selection has no name or no CSS")]
    [InlineData("timeout", "\"00:00:00\"", "the timeouts must be above zero")]
    [InlineData("connect_timeout", "\"-00:00:01\"", "the timeouts must be above zero")]
    [InlineData("max_bytes", "0", "max_bytes must be above zero")]
    [InlineData("retries", "-1", "retries at least zero")]
    [InlineData("proxy", "\"not a url\"", "proxy is not an absolute URL")]
    [InlineData("timeout", "\"9000.00:00:00\"", "add up to more time than a fetch can be given")]
    [InlineData("capture_body_bytes", "-1", "capture_body_bytes must be from 0 to 524288, not -1")]
    [InlineData("capture_body_bytes", "524289", "capture_body_bytes must be from 0 to 524288, not 524289")]
    [InlineData("match_status", "\"2xx,abc\"", "--match-status: 'abc' is not a status")]
    [InlineData("match_regex", "\"(a)\\\\1\"", "--match-regex: ")]
    [InlineData("fields", "256", "fields must be a combination of the known fields (0 to 255), not 256")]
    [InlineData("header_out", "null", "header_out is null, not a list")]
    [InlineData("header_out", "[\"x-a: b\"]", "header_out holds a name that is not a header name")]
    [InlineData("header_out", "[null]", "header_out holds a name that is not a header name")]
    [InlineData("cert_warn_days", "0", "cert_warn_days must be from 1 to 3650, not 0")]
    [InlineData("client_cert_file", "null", "client_key_file is given without client_cert_file")]
    public void OptionsAWorkerCannotUseAreRefusedWithTheReason(string field, string value, string reason)
    {
        JsonObject options = JsonNode.Parse(FetchOptionsJson.Write(Everything()))!.AsObject();
        options[field] = JsonNode.Parse(value);

        JsonException refused = Assert.Throws<JsonException>(() => FetchOptionsJson.Read(options.ToJsonString()));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }
}
