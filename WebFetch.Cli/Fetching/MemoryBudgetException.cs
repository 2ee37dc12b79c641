namespace WebFetch.Fetching;

/// <summary>
/// A page could not get the memory it needs from its worker's <see cref="MemoryBudget"/>:
/// it needs more than the whole budget, or (<see cref="Contended"/>) it gave way to other
/// pages that held the budget and waited on each other; another attempt may then succeed.
/// </summary>
internal sealed class MemoryBudgetException(string message, bool contended) : Exception(message)
{
    public bool Contended { get; } = contended;
}
