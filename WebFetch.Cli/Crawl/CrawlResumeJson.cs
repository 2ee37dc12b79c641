using System.Text.Json.Serialization;

namespace WebFetch.Crawl;

/// <summary>The links file's first line: <c>{"webfetch_crawl":{...}}</c>.</summary>
internal sealed record CrawlResumeHeaderLine(CrawlResumeHeader WebfetchCrawl);

/// <summary>Source-generated JSON for the links file's header (trim and AOT safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CrawlResumeHeaderLine))]
internal sealed partial class CrawlResumeJson : JsonSerializerContext;
