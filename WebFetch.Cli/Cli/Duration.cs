using System.Globalization;

namespace WebFetch.Cli;

/// <summary>
/// A time given on the command line: a number with a unit (<c>500ms</c>, <c>1.5s</c>, <c>2m</c>,
/// <c>1h</c>), or a plain number in the option's own unit. Written back the same way, so
/// <c>--help</c> shows a default as <c>30s</c>, not <c>00:00:30</c>.
/// </summary>
internal readonly record struct Duration(TimeSpan Value)
{
    /// <summary>The longest time an option takes: a day.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(1);

    /// <summary>The units a time may carry; <c>ms</c> before <c>s</c>, which it ends with.</summary>
    private static readonly (string Suffix, TimeSpan Size)[] Units =
    [
        ("ms", TimeSpan.FromMilliseconds(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("h", TimeSpan.FromHours(1)),
    ];

    public static Duration FromSeconds(double seconds) => new(TimeSpan.FromSeconds(seconds));

    /// <summary>
    /// Reads a time such as <c>1.5s</c> or <c>500</c> (in <paramref name="plainUnit"/>); false for
    /// anything else, and for a negative, infinite or NaN time or one longer than <see cref="Max"/>.
    /// </summary>
    public static bool TryParse(string text, TimeSpan plainUnit, out Duration duration)
    {
        duration = default;
        string number = text.Trim();
        TimeSpan unit = plainUnit;
        foreach ((string suffix, TimeSpan size) in Units)
        {
            if (number.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                number = number[..^suffix.Length].TrimEnd();
                unit = size;
                break;
            }
        }
        // Digits, a decimal point and an exponent only: no sign, so "-5" is refused rather than read as 5.
        if (number.Length == 0 || !(char.IsAsciiDigit(number[0]) || number[0] == '.')
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double count))
        {
            return false;
        }
        double seconds = count * unit.TotalSeconds;
        if (!double.IsFinite(seconds) || seconds < 0 || seconds > Max.TotalSeconds)
        {
            return false;
        }
        duration = FromSeconds(seconds);
        return true;
    }

    /// <summary>The largest unit that shows the time whole: <c>2m</c>, <c>30s</c>, <c>1500ms</c>; <c>0</c> for none.</summary>
    public override string ToString()
    {
        if (Value == TimeSpan.Zero)
        {
            return "0";
        }
        foreach ((string suffix, TimeSpan size) in Units.Reverse())
        {
            if (Value.Ticks % size.Ticks == 0)
            {
                return (Value.Ticks / size.Ticks).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }
        return Value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
