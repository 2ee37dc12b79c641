namespace WebFetch.Crawl;

/// <summary>The frontier could not write or read its spill file (no such directory, no permission, disk full): the crawl cannot go on.</summary>
internal sealed class FrontierSpillException(string message, Exception? inner = null) : Errors.UserErrorException(message, inner);
