namespace WebFetch.Tests.Urls;

/// <summary>One relevant entry: <see cref="Expected"/> is null when the result is not an http(s) URL (a failure or another scheme).</summary>
public sealed record UrlTestCase(int Number, string Input, string? Base, bool IsAbsolute, ExpectedUrl? Expected)
{
    public override string ToString() => $"#{Number} {UrlTestData.Escape(Input)}" + (Base is null ? "" : $" against {Base}");
}
