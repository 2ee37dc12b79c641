namespace WebFetch.Tests.Urls;

/// <summary>The parts of an expected http(s) URL, as the URL API returns them.</summary>
public sealed record ExpectedUrl(string Href, string Protocol, string Username, string Password, string Host, string Hostname, string Port, string Pathname, string Search, string Hash);
