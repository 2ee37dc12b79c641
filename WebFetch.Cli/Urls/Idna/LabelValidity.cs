namespace WebFetch.Urls.Idna;

/// <summary>
/// The validity criteria of UTS #46 section 4.1 for one non-empty label, nontransitional, with
/// CheckHyphens and UseSTD3ASCIIRules off and CheckJoiners and CheckBidi on.
/// </summary>
internal static class LabelValidity
{
    /// <summary>Null when <paramref name="label"/> is valid, else the reason in plain words.</summary>
    /// <param name="label">The label's code points (decoded, for a Punycode label).</param>
    /// <param name="isBidiDomain">Whether the domain name is a Bidi domain name (CheckBidi applies).</param>
    public static string? Check(ReadOnlySpan<int> label, bool isBidiDomain)
    {
        // Criterion 1 (NFC) holds by construction for a label of the normalized string; the caller
        // checks it for a decoded Punycode label. Criteria 2 and 3 are CheckHyphens, which is off.
        // Criterion 4: without CheckHyphens, a label must not begin with "xn--".
        if (label.Length >= 4 && label[0] == 'x' && label[1] == 'n' && label[2] == '-' && label[3] == '-')
        {
            return "begins with xn-- after decoding";
        }
        // Criterion 5.
        if (label.Contains('.'))
        {
            return "contains a full stop after decoding";
        }
        // Criterion 6.
        if (UnicodeProperties.IsMark(label[0]))
        {
            return $"begins with the combining mark {CodePointText.Describe(label[0])}";
        }
        // Criterion 7: nontransitional processing allows valid and deviation code points.
        foreach (int codePoint in label)
        {
            IdnaStatus status = codePoint is >= 0xD800 and <= 0xDFFF ? IdnaStatus.Disallowed : IdnaMapping.Status(codePoint);
            if (status is not (IdnaStatus.Valid or IdnaStatus.Deviation))
            {
                return status == IdnaStatus.Disallowed
                    ? $"has the disallowed character {CodePointText.Describe(codePoint)}"
                    : $"has the character {CodePointText.Describe(codePoint)}, which IDNA {(status == IdnaStatus.Mapped ? "maps to another" : "ignores")} and so cannot appear in a Punycode label";
            }
        }
        // Criterion 8: CheckJoiners.
        int joiner = JoinerRule.FindMisplacedJoiner(label);
        if (joiner >= 0)
        {
            string name = joiner == 0x200C ? "ZERO WIDTH NON-JOINER" : "ZERO WIDTH JOINER";
            return $"has a {name} ({CodePointText.Describe(joiner)}) where RFC 5892 does not allow one";
        }
        // Criterion 9: CheckBidi.
        return isBidiDomain ? BidiRule.Check(label) : null;
    }
}
