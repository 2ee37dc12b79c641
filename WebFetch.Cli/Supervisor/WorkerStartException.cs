namespace WebFetch.Supervisor;

/// <summary>Thrown when workers cannot be started or keep dying before they are ready: a configuration error (exit 2).</summary>
internal sealed class WorkerStartException(string message) : Errors.UserErrorException(message);
