using System.Text;

namespace WebFetch.Urls.Idna;

/// <summary>
/// Punycode (RFC 3492) with the parameters of IDNA, over code points, with the RFC's overflow checks.
/// </summary>
internal static class Punycode
{
    private const int Base = 36, TMin = 1, TMax = 26, Skew = 38, Damp = 700, InitialBias = 72, InitialN = 0x80;
    private const char Delimiter = '-';

    /// <summary>Encodes <paramref name="codePoints"/> (Unicode scalar values) and appends the result; false on overflow.</summary>
    public static bool TryEncode(ReadOnlySpan<int> codePoints, StringBuilder output)
    {
        // RFC 3492 section 6.3: the basic code points first, then the delimiter if there were any.
        int basicCount = AppendBasicCodePoints(codePoints, output);
        int handled = basicCount;
        if (basicCount > 0)
        {
            output.Append(Delimiter);
        }
        int n = InitialN, delta = 0, bias = InitialBias;
        while (handled < codePoints.Length)
        {
            // The next code point to insert is the smallest one not below n.
            int m = SmallestFrom(codePoints, n);
            if (m - n > (int.MaxValue - delta) / (handled + 1))
            {
                return false;
            }
            delta += (m - n) * (handled + 1);
            n = m;
            foreach (int codePoint in codePoints)
            {
                if (codePoint < n)
                {
                    if (delta == int.MaxValue)
                    {
                        return false;
                    }
                    delta++;
                }
                else if (codePoint == n)
                {
                    AppendVariableLengthInteger(delta, bias, output);
                    bias = Adapt(delta, handled + 1, handled == basicCount);
                    delta = 0;
                    handled++;
                }
            }
            if (delta == int.MaxValue)
            {
                return false;
            }
            delta++;
            n++;
        }
        return true;
    }

    /// <summary>Appends the basic (ASCII) code points in order and returns how many there were.</summary>
    private static int AppendBasicCodePoints(ReadOnlySpan<int> codePoints, StringBuilder output)
    {
        int basicCount = 0;
        foreach (int codePoint in codePoints)
        {
            if (codePoint < 0x80)
            {
                output.Append((char)codePoint);
                basicCount++;
            }
        }
        return basicCount;
    }

    /// <summary>The smallest code point that is at least <paramref name="n"/> (int.MaxValue when none is).</summary>
    private static int SmallestFrom(ReadOnlySpan<int> codePoints, int n)
    {
        int m = int.MaxValue;
        foreach (int codePoint in codePoints)
        {
            if (codePoint >= n && codePoint < m)
            {
                m = codePoint;
            }
        }
        return m;
    }

    /// <summary>Appends <paramref name="delta"/> as a generalized variable-length integer (RFC 3492 section 3.3).</summary>
    private static void AppendVariableLengthInteger(int delta, int bias, StringBuilder output)
    {
        int q = delta;
        for (int k = Base; ; k += Base)
        {
            int t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
            if (q < t)
            {
                break;
            }
            output.Append(Digit(t + ((q - t) % (Base - t))));
            q = (q - t) / (Base - t);
        }
        output.Append(Digit(q));
    }

    /// <summary>
    /// Decodes <paramref name="input"/> (the part after "xn--") into code points; false when it is not
    /// valid Punycode (a non-ASCII or misplaced character, a bad digit, overflow, or a result that is
    /// not a Unicode scalar value).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> input, List<int> output)
    {
        int lastDelimiter = input.LastIndexOf(Delimiter);
        int basicEnd = Math.Max(lastDelimiter, 0);
        for (int j = 0; j < basicEnd; j++)
        {
            if (input[j] >= 0x80)
            {
                return false;
            }
            output.Add(input[j]);
        }
        int n = InitialN, i = 0, bias = InitialBias;
        // The delimiter is consumed only after at least one basic code point (RFC 3492 section 6.2).
        int position = lastDelimiter > 0 ? lastDelimiter + 1 : 0;
        while (position < input.Length)
        {
            int oldI = i, w = 1;
            for (int k = Base; ; k += Base)
            {
                if (position >= input.Length)
                {
                    return false;
                }
                int digit = DigitValue(input[position++]);
                if (digit < 0 || digit > (int.MaxValue - i) / w)
                {
                    return false;
                }
                i += digit * w;
                int t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
                if (digit < t)
                {
                    break;
                }
                if (w > int.MaxValue / (Base - t))
                {
                    return false;
                }
                w *= Base - t;
            }
            int length = output.Count + 1;
            bias = Adapt(i - oldI, length, oldI == 0);
            if (i / length > int.MaxValue - n)
            {
                return false;
            }
            n += i / length;
            i %= length;
            if (n > 0x10FFFF || n is >= 0xD800 and <= 0xDFFF)
            {
                return false;
            }
            output.Insert(i, n);
            i++;
        }
        return true;
    }

    private static int Adapt(int delta, int numPoints, bool firstTime)
    {
        delta = firstTime ? delta / Damp : delta / 2;
        delta += delta / numPoints;
        int k = 0;
        while (delta > ((Base - TMin) * TMax) / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }
        return k + ((Base - TMin + 1) * delta / (delta + Skew));
    }

    private static char Digit(int value) => (char)(value < 26 ? 'a' + value : '0' + value - 26);

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0' + 26,
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a',
        _ => -1,
    };
}
