using WebFetch.Protocol;

namespace WebFetch.Tests.Support;

/// <summary>Records with every field set, or none, for the tests that pin their JSON.</summary>
internal static class SampleRecords
{
    /// <summary>A record with every field set, the optional ones included, and text that needs escaping.</summary>
    public static FetchResult Full() => new()
    {
        Url = "https://example.test/a?b=c&d=<e>",
        FinalUrl = "https://example.test/final",
        Status = 200,
        ContentType = "text/html",
        Charset = "windows-1252",
        Length = 1234,
        Title = "Café & <friends>",
        Description = "A \"quoted\"\tdescription",
        Lang = "fr",
        Canonical = "https://example.test/canonical",
        Links = 7,
        Select = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["h"] = ["One", "Two, three"], ["img"] = [] },
        LinkUrls = ["https://example.test/x", "https://example.test/y%20z"],
        LinksTruncated = true,
        Redirects = 2,
        ElapsedMs = 56,
        Worker = 3,
        Attempts = 4,
        Error = new FetchError(ErrorKind.TooLarge, "the body is larger than 10 bytes"),
    };

    /// <summary>A record with only its URL.</summary>
    public static FetchResult Bare() => new() { Url = "http://a.test/" };
}
