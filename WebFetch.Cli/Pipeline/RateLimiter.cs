namespace WebFetch.Pipeline;

/// <summary>
/// The global <c>--rate</c>: a token bucket, as pure logic with the clock passed in. It
/// refills at <c>perSecond</c> tokens a second, starts full and holds at most a tenth of a
/// second's worth (at least one token), so bursts stay short. Not thread-safe.
/// </summary>
internal sealed class RateLimiter
{
    private readonly double _perSecond;
    private readonly double _capacity;
    private double _tokens;
    private TimeSpan? _last;

    /// <param name="perSecond">Request starts per second; 0 is unlimited.</param>
    public RateLimiter(double perSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perSecond);
        _perSecond = perSecond;
        _capacity = Math.Max(1, Math.Floor(perSecond / 10));
        _tokens = _capacity;
    }

    public bool IsUnlimited => _perSecond == 0;

    /// <summary>Whether a request may start at <paramref name="now"/>.</summary>
    public bool IsAvailable(TimeSpan now)
    {
        if (IsUnlimited)
        {
            return true;
        }
        Refill(now);
        return _tokens >= 1;
    }

    /// <summary>Spends one token; call after <see cref="IsAvailable"/> said yes.</summary>
    public void Take(TimeSpan now)
    {
        if (IsUnlimited)
        {
            return;
        }
        Refill(now);
        _tokens -= 1;
    }

    /// <summary>When the next token is there.</summary>
    public TimeSpan NextAt(TimeSpan now)
    {
        if (IsUnlimited)
        {
            return now;
        }
        Refill(now);
        return _tokens >= 1 ? now : now + TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
    }

    private void Refill(TimeSpan now)
    {
        if (_last is { } last && now > last)
        {
            _tokens = Math.Min(_capacity, _tokens + (now - last).TotalSeconds * _perSecond);
        }
        if (_last is null || now > _last)
        {
            _last = now;
        }
    }
}
