namespace WebFetch.Urls.Idna;

/// <summary>
/// The Unicode character properties UTS #46 needs, looked up in <see cref="UnicodeTables"/> by binary
/// search over sorted range starts (no allocation).
/// </summary>
internal static class UnicodeProperties
{
    /// <summary>The index of the range holding <paramref name="codePoint"/>, given the ranges' sorted starts (the first is 0).</summary>
    public static int RangeIndex(ReadOnlySpan<int> starts, int codePoint)
    {
        int index = starts.BinarySearch(codePoint);
        return index >= 0 ? index : ~index - 1;
    }

    public static int CombiningClass(int codePoint) =>
        codePoint < 0x300 ? 0 : UnicodeTables.CombiningClassValues[RangeIndex(UnicodeTables.CombiningClassStarts, codePoint)];

    public static BidiClass BidiClass(int codePoint) =>
        (BidiClass)UnicodeTables.BidiClassValues[RangeIndex(UnicodeTables.BidiClassStarts, codePoint)];

    public static JoiningType JoiningType(int codePoint) =>
        (JoiningType)UnicodeTables.JoiningTypeValues[RangeIndex(UnicodeTables.JoiningTypeStarts, codePoint)];

    /// <summary>General_Category=Mark (Mn, Mc or Me).</summary>
    public static bool IsMark(int codePoint) =>
        codePoint >= 0x300 && UnicodeTables.MarkValues[RangeIndex(UnicodeTables.MarkStarts, codePoint)] != 0;
}
