namespace WebFetch.Cli;

/// <summary>A config file that cannot be read or used, said with the file and the line at fault.</summary>
internal sealed class ConfigException(string message) : Errors.UserErrorException(message);
