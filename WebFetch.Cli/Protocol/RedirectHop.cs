namespace WebFetch.Protocol;

/// <summary>One hop of a redirect chain: the URL that answered and its status.</summary>
internal sealed record RedirectHop(string Url, int Status);
