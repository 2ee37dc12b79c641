namespace WebFetch.Urls.Idna;

/// <summary>
/// CheckJoiners of UTS #46: the CONTEXTJ rules of RFC 5892 Appendix A for ZERO WIDTH NON-JOINER
/// (A.1) and ZERO WIDTH JOINER (A.2). A virama is a code point of Canonical_Combining_Class 9.
/// </summary>
internal static class JoinerRule
{
    private const int ZeroWidthNonJoiner = 0x200C, ZeroWidthJoiner = 0x200D, ViramaClass = 9;

    /// <summary>The offending joiner, or -1 when every joiner in <paramref name="label"/> stands where the rules allow.</summary>
    public static int FindMisplacedJoiner(ReadOnlySpan<int> label)
    {
        for (int i = 0; i < label.Length; i++)
        {
            int codePoint = label[i];
            if (codePoint is not (ZeroWidthNonJoiner or ZeroWidthJoiner))
            {
                continue;
            }
            if (i > 0 && UnicodeProperties.CombiningClass(label[i - 1]) == ViramaClass)
            {
                continue;
            }
            if (codePoint == ZeroWidthJoiner || !JoinsBothSides(label, i))
            {
                return codePoint;
            }
        }
        return -1;
    }

    /// <summary>(Joining_Type:{L,D})(Joining_Type:T)* ZWNJ (Joining_Type:T)*(Joining_Type:{R,D}) around index <paramref name="at"/>.</summary>
    private static bool JoinsBothSides(ReadOnlySpan<int> label, int at)
    {
        int before = at - 1;
        while (before >= 0 && UnicodeProperties.JoiningType(label[before]) == JoiningType.T)
        {
            before--;
        }
        if (before < 0 || UnicodeProperties.JoiningType(label[before]) is not (JoiningType.L or JoiningType.D))
        {
            return false;
        }
        int after = at + 1;
        while (after < label.Length && UnicodeProperties.JoiningType(label[after]) == JoiningType.T)
        {
            after++;
        }
        return after < label.Length && UnicodeProperties.JoiningType(label[after]) is JoiningType.R or JoiningType.D;
    }
}
