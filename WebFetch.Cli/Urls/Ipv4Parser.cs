using System.Globalization;

namespace WebFetch.Urls;

/// <summary>
/// The URL Standard's IPv4 parser: one to four dot-separated numbers, each decimal, octal
/// (leading <c>0</c>) or hexadecimal (leading <c>0x</c>), the last filling the remaining
/// bytes (<c>127.1</c> is 127.0.0.1, <c>0x7f000001</c> too), and the rule that decides
/// whether a host is meant as an address at all (<see cref="EndsInANumber"/>).
/// </summary>
internal static class Ipv4Parser
{
    /// <summary>Anything above this is out of range for any part; larger values are held at it.</summary>
    private const ulong Saturated = 1UL << 40;

    /// <summary>
    /// Whether the host's last label (ignoring one trailing dot) is a number: all decimal
    /// digits, or a valid <c>0x</c> hexadecimal number. Such a host must be a valid IPv4
    /// address; it is never a domain name.
    /// </summary>
    public static bool EndsInANumber(string host)
    {
        string[] parts = host.Split('.');
        int count = parts.Length;
        if (parts[^1].Length == 0)
        {
            if (count == 1)
            {
                return false;
            }
            count--;
        }
        string last = parts[count - 1];
        if (last.Length > 0 && last.All(char.IsAsciiDigit))
        {
            return true;
        }
        return TryParseNumber(last, out _);
    }

    /// <summary>Parses <paramref name="host"/> as an IPv4 address; false when it is not a valid one.</summary>
    public static bool TryParse(string host, out uint address)
    {
        address = 0;
        List<string> parts = [.. host.Split('.')];
        if (parts[^1].Length == 0 && parts.Count > 1)
        {
            parts.RemoveAt(parts.Count - 1);
        }
        if (parts.Count > 4)
        {
            return false;
        }
        var numbers = new ulong[parts.Count];
        for (int i = 0; i < parts.Count; i++)
        {
            if (!TryParseNumber(parts[i], out numbers[i]))
            {
                return false;
            }
        }
        for (int i = 0; i < numbers.Length - 1; i++)
        {
            if (numbers[i] > 255)
            {
                return false;
            }
        }
        ulong last = numbers[^1];
        if (last >= 1UL << (8 * (5 - numbers.Length)))
        {
            return false;
        }
        ulong value = last;
        for (int i = 0; i < numbers.Length - 1; i++)
        {
            value += numbers[i] << (8 * (3 - i));
        }
        address = (uint)value;
        return true;
    }

    /// <summary>The dotted-decimal form, <c>192.0.2.1</c>.</summary>
    public static string Serialize(uint address) => string.Create(CultureInfo.InvariantCulture,
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");

    /// <summary>The IPv4 number parser: decimal, <c>0</c>-prefixed octal or <c>0x</c>-prefixed hexadecimal; empty digits after a prefix are 0.</summary>
    private static bool TryParseNumber(string part, out ulong value)
    {
        value = 0;
        if (part.Length == 0)
        {
            return false;
        }
        int radix = 10;
        ReadOnlySpan<char> digits = part;
        if (digits.Length >= 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
        {
            digits = digits[2..];
            radix = 16;
        }
        else if (digits.Length >= 2 && digits[0] == '0')
        {
            digits = digits[1..];
            radix = 8;
        }
        foreach (char c in digits)
        {
            int digit = radix switch
            {
                16 when char.IsAsciiHexDigit(c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10,
                10 when char.IsAsciiDigit(c) => c - '0',
                8 when c is >= '0' and <= '7' => c - '0',
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }
            value = Math.Min(Saturated, (value * (ulong)radix) + (ulong)digit);
        }
        return true;
    }
}
