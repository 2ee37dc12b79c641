using System.Text;

namespace WebFetch.Urls.Idna;

/// <summary>
/// Unicode Normalization Form C (UAX #15): canonical decomposition, canonical ordering by combining
/// class, then canonical composition (primary composites only, composition exclusions left out;
/// Hangul syllables handled algorithmically). Needed because <see cref="string.Normalize()"/> does
/// nothing to non-ASCII text under invariant globalization.
/// </summary>
internal static class Nfc
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28;
    private const int NCount = VCount * TCount, SCount = LCount * NCount;

    /// <summary>The NFC form of <paramref name="text"/> (the same instance when nothing changes).</summary>
    public static string Normalize(string text)
    {
        if (IsTriviallyNormalized(text))
        {
            return text;
        }
        List<int> codePoints = Decompose(text);
        Reorder(codePoints);
        Compose(codePoints);
        var builder = new StringBuilder(text.Length);
        foreach (int codePoint in codePoints)
        {
            AppendCodePoint(builder, codePoint);
        }
        string result = builder.ToString();
        return result == text ? text : result;
    }

    /// <summary>Whether <paramref name="text"/> is in NFC.</summary>
    public static bool IsNormalized(string text) => IsTriviallyNormalized(text) || Normalize(text) == text;

    /// <summary>Below U+0300 nothing has a combining class and every decomposition recomposes to itself.</summary>
    private static bool IsTriviallyNormalized(string text)
    {
        foreach (char c in text)
        {
            if (c >= 0x300)
            {
                return false;
            }
        }
        return true;
    }

    private static List<int> Decompose(string text)
    {
        var output = new List<int>(text.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            int codePoint = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }
            DecomposeInto(codePoint, output);
        }
        return output;
    }

    private static void DecomposeInto(int codePoint, List<int> output)
    {
        int sIndex = codePoint - SBase;
        if (sIndex is >= 0 and < SCount)
        {
            output.Add(LBase + (sIndex / NCount));
            output.Add(VBase + (sIndex % NCount / TCount));
            if (sIndex % TCount != 0)
            {
                output.Add(TBase + (sIndex % TCount));
            }
            return;
        }
        int index = codePoint < 0xC0 ? -1 : UnicodeTables.DecompositionKeys.BinarySearch(codePoint);
        if (index < 0)
        {
            output.Add(codePoint);
            return;
        }
        DecomposeInto(UnicodeTables.DecompositionFirst[index], output);
        int second = UnicodeTables.DecompositionSecond[index];
        if (second != 0)
        {
            DecomposeInto(second, output);
        }
    }

    /// <summary>Sorts each run of non-starters by combining class, keeping equal classes in order.</summary>
    private static void Reorder(List<int> codePoints)
    {
        int start = 0;
        while (start < codePoints.Count)
        {
            if (UnicodeProperties.CombiningClass(codePoints[start]) == 0)
            {
                start++;
                continue;
            }
            int end = start + 1;
            while (end < codePoints.Count && UnicodeProperties.CombiningClass(codePoints[end]) != 0)
            {
                end++;
            }
            if (end - start > 1)
            {
                SortRun(codePoints, start, end - start);
            }
            start = end;
        }
    }

    /// <summary>A stable sort of one run by combining class (keys carry the position, so equal classes keep their order).</summary>
    private static void SortRun(List<int> codePoints, int start, int length)
    {
        var keys = new long[length];
        for (int i = 0; i < length; i++)
        {
            keys[i] = ((long)UnicodeProperties.CombiningClass(codePoints[start + i]) << 32) | (uint)i;
        }
        Array.Sort(keys);
        var sorted = new int[length];
        for (int i = 0; i < length; i++)
        {
            sorted[i] = codePoints[start + (int)(keys[i] & 0xFFFFFFFF)];
        }
        for (int i = 0; i < length; i++)
        {
            codePoints[start + i] = sorted[i];
        }
    }

    private static void Compose(List<int> codePoints)
    {
        if (codePoints.Count == 0)
        {
            return;
        }
        int starterPosition = 0;
        int starter = codePoints[0];
        int lastClass = UnicodeProperties.CombiningClass(starter);
        if (lastClass != 0)
        {
            lastClass = 256; // a leading non-starter blocks everything after it
        }
        int write = 1;
        for (int read = 1; read < codePoints.Count; read++)
        {
            int codePoint = codePoints[read];
            int codePointClass = UnicodeProperties.CombiningClass(codePoint);
            int composite = ComposePair(starter, codePoint);
            if (composite >= 0 && (lastClass < codePointClass || lastClass == 0))
            {
                codePoints[starterPosition] = composite;
                starter = composite;
                continue;
            }
            if (codePointClass == 0)
            {
                starterPosition = write;
                starter = codePoint;
            }
            lastClass = codePointClass;
            codePoints[write++] = codePoint;
        }
        codePoints.RemoveRange(write, codePoints.Count - write);
    }

    /// <summary>The primary composite of <paramref name="first"/> and <paramref name="second"/>, or -1.</summary>
    private static int ComposePair(int first, int second)
    {
        int lIndex = first - LBase;
        if (lIndex is >= 0 and < LCount)
        {
            int vIndex = second - VBase;
            return vIndex is >= 0 and < VCount ? SBase + (((lIndex * VCount) + vIndex) * TCount) : -1;
        }
        int sIndex = first - SBase;
        if (sIndex is >= 0 and < SCount && sIndex % TCount == 0)
        {
            int tIndex = second - TBase;
            return tIndex is > 0 and < TCount ? first + tIndex : -1;
        }
        int index = UnicodeTables.CompositionKeys.BinarySearch(((long)first * 0x200000) + second);
        return index >= 0 ? UnicodeTables.CompositionValues[index] : -1;
    }

    private static void AppendCodePoint(StringBuilder builder, int codePoint)
    {
        if (codePoint < 0x10000)
        {
            builder.Append((char)codePoint);
        }
        else
        {
            codePoint -= 0x10000;
            builder.Append((char)(0xD800 + (codePoint >> 10)));
            builder.Append((char)(0xDC00 + (codePoint & 0x3FF)));
        }
    }
}
