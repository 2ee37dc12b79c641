using System.CommandLine.Parsing;
using System.Globalization;

namespace WebFetch.Cli;

/// <summary>
/// Option parsers that report bad values as usage errors (exit 2) with a clear message.
/// Range checks live here, not in validators: a validator still runs after a failed
/// conversion and would throw instead of reporting.
/// </summary>
internal static class OptionParsers
{
    public static Func<ArgumentResult, int> Int(int minimum, int fallback, int maximum = int.MaxValue) => result =>
    {
        if (result.Tokens.Count == 0)
        {
            return fallback;
        }
        string text = result.Tokens[^1].Value;
        bool parsed = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value);
        if (!parsed || value < minimum || value > maximum)
        {
            // A number too large for the range (or for an int) is told the upper bound, not "at least 1".
            bool tooLarge = parsed ? value > maximum : text.Length > 0 && text.All(char.IsAsciiDigit);
            result.AddError(maximum == int.MaxValue && !tooLarge
                ? $"{OptionName(result)} must be a whole number of at least {minimum}, not '{text}'"
                : $"{OptionName(result)} must be a whole number from {minimum} to {maximum}, not '{text}'");
            return fallback;
        }
        return value;
    };

    /// <summary>
    /// A time option: a number with a unit (<c>500ms</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>), or a
    /// plain number in <paramref name="plainUnit"/> (seconds for the timeouts, milliseconds for
    /// <c>--delay</c>, as they always were). Above 0, or at least 0 with
    /// <paramref name="zeroAllowed"/>, and at most a day.
    /// </summary>
    public static Func<ArgumentResult, Duration> Time(Duration fallback, TimeSpan plainUnit, bool zeroAllowed = false) =>
        Time(fallback, plainUnit, zeroAllowed, minimum: null, why: null);

    /// <summary>
    /// A time option (see <see cref="Time(Duration, TimeSpan, bool)"/>) of at least
    /// <paramref name="minimum"/>; a shorter one is an error that gives the minimum and <paramref name="why"/>.
    /// </summary>
    public static Func<ArgumentResult, Duration> Time(Duration fallback, TimeSpan plainUnit, Duration minimum, string why) =>
        Time(fallback, plainUnit, zeroAllowed: false, minimum, why);

    private static Func<ArgumentResult, Duration> Time(Duration fallback, TimeSpan plainUnit, bool zeroAllowed, Duration? minimum, string? why) => result =>
    {
        if (result.Tokens.Count == 0)
        {
            return fallback;
        }
        string text = result.Tokens[^1].Value;
        if (Duration.TryParse(text, plainUnit, out Duration value) && (zeroAllowed || value.Value > TimeSpan.Zero))
        {
            if (minimum is { } least && value.Value < least.Value)
            {
                result.AddError($"{OptionName(result)} must be at least {least} ({why}), not '{text}'");
                return fallback;
            }
            return value;
        }
        string plain = plainUnit == TimeSpan.FromMilliseconds(1) ? "milliseconds (500)" : "seconds (2.5)";
        string range = zeroAllowed ? "from 0 to a day" : "above 0 and at most a day (86400 s)";
        result.AddError($"{OptionName(result)} must be a time {range}, in {plain} or with a unit (500ms, 1.5s, 2m, 1h), not '{text}'");
        return fallback;
    };

    /// <summary>The largest body cap: bodies are read into one array.</summary>
    public const long MaxBodyBytes = 1L << 30;

    /// <summary>A byte count with an optional K, M or G suffix (powers of 1024), at most <see cref="MaxBodyBytes"/>.</summary>
    public static Func<ArgumentResult, long> Bytes(long fallback) => result =>
    {
        if (result.Tokens.Count == 0)
        {
            return fallback;
        }
        string text = result.Tokens[^1].Value.Trim();
        long multiplier = 1;
        if (text.Length > 0 && char.ToUpperInvariant(text[^1]) is 'K' or 'M' or 'G')
        {
            multiplier = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1L << 30 };
            text = text[..^1];
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value < 1
            || value > MaxBodyBytes / multiplier)
        {
            result.AddError($"{OptionName(result)} must be a byte count such as 500000, 512K or 10M (at most 1G), not '{result.Tokens[^1].Value}'");
            return fallback;
        }
        return value * multiplier;
    };

    /// <summary>The largest <c>--rate</c>: beyond it the limit means nothing.</summary>
    public const double MaxRate = 1_000_000;

    /// <summary>A rate such as <c>5</c>, <c>5/s</c> or <c>0.5/s</c>: request starts per second, above 0.</summary>
    public static double Rate(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return 0;
        }
        string text = result.Tokens[^1].Value.Trim();
        // As curl's --rate: per second, minute, hour or day.
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        double seconds = slash < 0 ? 1 : text[(slash + 1)..].ToLowerInvariant() switch
        {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86400,
            _ => double.NaN,
        };
        string number = slash < 0 ? text : text[..slash];
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double count)
            || !double.IsFinite(count / seconds) || count <= 0 || count / seconds > MaxRate)
        {
            result.AddError($"{OptionName(result)} must be a number of requests above 0 per second, minute, hour or day, such as 5, 0.5/s or 30/m, not '{result.Tokens[^1].Value}'");
            return 0;
        }
        double perSecond = count / seconds;
        return perSecond;
    }

    /// <summary>An output format name: <c>jsonl</c>, <c>csv</c> or <c>text</c>.</summary>
    public static Output.OutputFormat Format(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return Output.OutputFormat.Jsonl;
        }
        string text = result.Tokens[^1].Value;
        if (FormatNamed(text) is Output.OutputFormat format)
        {
            return format;
        }
        result.AddError($"{OptionName(result)} must be jsonl, csv or text, not '{text}'");
        return Output.OutputFormat.Jsonl;
    }

    /// <summary>The format <paramref name="text"/> names (<c>jsonl</c>, <c>csv</c> or <c>text</c>, in any case), or null.</summary>
    public static Output.OutputFormat? FormatNamed(string text) => text.ToLowerInvariant() switch
    {
        "jsonl" => Output.OutputFormat.Jsonl,
        "csv" => Output.OutputFormat.Csv,
        "text" => Output.OutputFormat.Text,
        _ => null,
    };

    /// <summary>Rejects tokens that look like options but reached the FILE argument (an unknown option).</summary>
    public static void NoUnknownOptions(ArgumentResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (token.Value.Length > 1 && token.Value[0] == '-')
            {
                result.AddError($"unknown option '{token.Value}' (a file whose name starts with '-' can be given as ./{token.Value})");
            }
        }
    }

    private static string OptionName(ArgumentResult result) =>
        (result.Parent as OptionResult)?.Option.Name ?? result.Argument.Name;
}
