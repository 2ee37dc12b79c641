using WebFetch.Supervisor;

namespace WebFetch.Pipeline;

/// <summary>
/// The count of one URL's attempts and of the losses held against it (<see cref="WorkerClient"/>):
/// a loss counts when suspects are not isolated, or when the URL ran alone and a worker had
/// begun it; after a first loss, with isolation, every attempt runs alone. Pure logic.
/// </summary>
internal sealed class Attempts(int max, bool isolateSuspects)
{
    private string _lastLoss = "";

    /// <summary>Attempts begun.</summary>
    public int Count { get; private set; }

    /// <summary>Losses held against the URL.</summary>
    public int Counted { get; private set; }

    public int Max => max;

    /// <summary>Whether the next attempt runs alone in its worker.</summary>
    public bool Solo { get; private set; }

    public bool MayTryAgain => Counted < max && Count < 2 * max;

    public void Begin() => Count++;

    /// <summary>The request was not sent: it counts, so that it is not tried without end.</summary>
    public void NotSent(string why)
    {
        _lastLoss = why;
        Counted++;
    }

    /// <summary>The request was lost with its worker; true when the loss counts against the URL.</summary>
    public bool Lost(RequestLoss loss)
    {
        _lastLoss = loss.Description;
        bool counts = !isolateSuspects || (Solo && loss.Started);
        Counted += counts ? 1 : 0;
        Solo = isolateSuspects;
        return counts;
    }

    /// <summary>The <c>worker_lost</c> message once no attempt is left.</summary>
    public string Story => Counted == Count
        ? $"lost on all {Count} attempts; last: {_lastLoss}"
        : $"lost on all {Count} attempts ({Counted} while it ran alone); last: {_lastLoss}";
}
