namespace WebFetch.Urls.Idna;

/// <summary>
/// CheckBidi of UTS #46: the Bidi rule of RFC 5893 section 2, which every label of a Bidi domain name
/// (one with a character of Bidi_Class R, AL or AN, RFC 5893 section 1.4) must satisfy.
/// </summary>
internal static class BidiRule
{
    /// <summary>Whether <paramref name="label"/> has a character of Bidi_Class R, AL or AN.</summary>
    public static bool HasRightToLeft(ReadOnlySpan<int> label)
    {
        foreach (int codePoint in label)
        {
            if (codePoint >= 0x590 && UnicodeProperties.BidiClass(codePoint) is BidiClass.R or BidiClass.AL or BidiClass.AN)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Null when the non-empty <paramref name="label"/> satisfies the rule, else which condition it breaks.</summary>
    public static string? Check(ReadOnlySpan<int> label)
    {
        BidiClass first = UnicodeProperties.BidiClass(label[0]);
        bool rightToLeft;
        if (first == BidiClass.L)
        {
            rightToLeft = false;
        }
        else if (first is BidiClass.R or BidiClass.AL)
        {
            rightToLeft = true;
        }
        else
        {
            return $"in a right-to-left domain name it must begin with a letter, not {CodePointText.Describe(label[0])} (RFC 5893 rule 1)";
        }

        bool hasEuropeanNumber = false, hasArabicNumber = false;
        int lastNonMark = 0;
        for (int i = 0; i < label.Length; i++)
        {
            BidiClass bidi = UnicodeProperties.BidiClass(label[i]);
            bool allowed = rightToLeft
                ? bidi is BidiClass.R or BidiClass.AL or BidiClass.AN or BidiClass.EN or BidiClass.ES or BidiClass.CS
                    or BidiClass.ET or BidiClass.ON or BidiClass.BN or BidiClass.NSM
                : bidi is BidiClass.L or BidiClass.EN or BidiClass.ES or BidiClass.CS or BidiClass.ET or BidiClass.ON
                    or BidiClass.BN or BidiClass.NSM;
            if (!allowed)
            {
                return rightToLeft
                    ? $"a right-to-left label cannot hold {CodePointText.Describe(label[i])} (RFC 5893 rule 2)"
                    : $"a left-to-right label in a right-to-left domain name cannot hold {CodePointText.Describe(label[i])} (RFC 5893 rule 5)";
            }
            hasEuropeanNumber |= bidi == BidiClass.EN;
            hasArabicNumber |= bidi == BidiClass.AN;
            if (bidi != BidiClass.NSM)
            {
                lastNonMark = i;
            }
        }
        BidiClass last = UnicodeProperties.BidiClass(label[lastNonMark]);
        if (rightToLeft)
        {
            if (last is not (BidiClass.R or BidiClass.AL or BidiClass.EN or BidiClass.AN))
            {
                return $"a right-to-left label cannot end with {CodePointText.Describe(label[lastNonMark])} (RFC 5893 rule 3)";
            }
            if (hasEuropeanNumber && hasArabicNumber)
            {
                return "a right-to-left label cannot mix European and Arabic digits (RFC 5893 rule 4)";
            }
        }
        else if (last is not (BidiClass.L or BidiClass.EN))
        {
            return $"a left-to-right label in a right-to-left domain name cannot end with {CodePointText.Describe(label[lastNonMark])} (RFC 5893 rule 6)";
        }
        return null;
    }
}
