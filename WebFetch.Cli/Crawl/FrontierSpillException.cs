namespace WebFetch.Crawl;

/// <summary>The frontier could not make, write or read its spill file (no such directory, no permission, disk full): made or written, the frontier says so and keeps its URLs in memory (<see cref="Frontier.SpillFailure"/>); read back, the crawl cannot go on.</summary>
internal sealed class FrontierSpillException(string message, Exception? inner = null) : Errors.UserErrorException(message, inner);
