using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;

namespace WebFetch.Urls.Idna;

/// <summary>
/// UTS #46 ToASCII (section 4 and 4.2) with the URL Standard's non-strict options: UseSTD3ASCIIRules,
/// CheckHyphens and VerifyDnsLength false; CheckBidi and CheckJoiners true; nontransitional;
/// IgnoreInvalidPunycode false. Any recorded error is a failure.
/// </summary>
internal static class Uts46ToAscii
{
    private const string AcePrefix = "xn--";

    public static bool TryConvert(string domain, [NotNullWhen(true)] out string? ascii, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ascii = null;

        // 1. Map. 2. Normalize. 3. Break.
        var mapped = new StringBuilder(domain.Length);
        IdnaMapping.Map(domain, mapped);
        string[] labels = Nfc.Normalize(mapped.ToString()).Split('.');

        // 4. Convert/Validate.
        if (!TryConvertLabels(labels, out int[][] codePoints, out bool isBidiDomain, out error)
            || !TryValidateLabels(labels, codePoints, isBidiDomain, out error))
        {
            return false;
        }

        // ToASCII step 2.
        var output = new StringBuilder(domain.Length + 8);
        if (!TryEncodeLabels(labels, codePoints, output, out error))
        {
            return false;
        }
        ascii = output.ToString();
        return true;
    }

    /// <summary>
    /// Step 4, Convert: every label as code points, a Punycode label decoded. The labels are
    /// decoded before any is validated, as whether this is a Bidi domain name depends on every label.
    /// </summary>
    private static bool TryConvertLabels(string[] labels, out int[][] codePoints, out bool isBidiDomain, [NotNullWhen(false)] out string? error)
    {
        codePoints = new int[labels.Length][];
        isBidiDomain = false;
        var decoded = new List<int>();
        for (int i = 0; i < labels.Length; i++)
        {
            string label = labels[i];
            if (label.StartsWith(AcePrefix, StringComparison.Ordinal))
            {
                if (!TryDecodeLabel(label, i, decoded, out error))
                {
                    return false;
                }
                codePoints[i] = [.. decoded];
            }
            else
            {
                codePoints[i] = ToCodePoints(label);
            }
            isBidiDomain = isBidiDomain || BidiRule.HasRightToLeft(codePoints[i]);
        }
        error = null;
        return true;
    }

    /// <summary>
    /// Step 4.1, a label that begins with xn--: all ASCII, valid Punycode, not empty, not plain
    /// ASCII once decoded, and in normalization form C.
    /// </summary>
    private static bool TryDecodeLabel(string label, int i, List<int> decoded, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (!System.Text.Ascii.IsValid(label))
        {
            error = $"label {i + 1} {CodePointText.Quote(label)} begins with xn-- but is not all ASCII";
            return false;
        }
        decoded.Clear();
        if (!Punycode.TryDecode(label.AsSpan(AcePrefix.Length), decoded))
        {
            error = $"label {i + 1} {CodePointText.Quote(label)} is not valid Punycode";
        }
        else if (decoded.Count == 0)
        {
            error = $"label {i + 1} {CodePointText.Quote(label)} decodes to nothing";
        }
        else if (decoded.TrueForAll(static c => c < 0x80))
        {
            error = $"label {i + 1} {CodePointText.Quote(label)} decodes to plain ASCII, which must not be Punycode-encoded";
        }
        else if (!Nfc.IsNormalized(ToText(CollectionsMarshal.AsSpan(decoded))))
        {
            error = $"label {i + 1} {CodePointText.Quote(label)} decodes to text that is not in Unicode normalization form C";
        }
        return error is null;
    }

    /// <summary>Step 4, Validate: every non-empty label against the validity criteria (section 4.1).</summary>
    private static bool TryValidateLabels(string[] labels, int[][] codePoints, bool isBidiDomain, [NotNullWhen(false)] out string? error)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if (codePoints[i].Length == 0)
            {
                continue; // an empty label is an error only with VerifyDnsLength
            }
            string? reason = LabelValidity.Check(codePoints[i], isBidiDomain);
            if (reason is not null)
            {
                error = $"label {i + 1} {CodePointText.Quote(labels[i])} {reason}";
                return false;
            }
        }
        error = null;
        return true;
    }

    /// <summary>ToASCII step 2: every label with a non-ASCII code point Punycode-encoded, the labels joined by dots.</summary>
    private static bool TryEncodeLabels(string[] labels, int[][] codePoints, StringBuilder output, [NotNullWhen(false)] out string? error)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                output.Append('.');
            }
            if (System.Text.Ascii.IsValid(labels[i]))
            {
                output.Append(labels[i]);
                continue;
            }
            output.Append(AcePrefix);
            if (!Punycode.TryEncode(codePoints[i], output))
            {
                error = $"label {i + 1} {CodePointText.Quote(labels[i])} is too long to encode as Punycode";
                return false;
            }
        }
        error = null;
        return true;
    }

    private static int[] ToCodePoints(string label)
    {
        var result = new List<int>(label.Length);
        for (int i = 0; i < label.Length; i++)
        {
            char c = label[i];
            if (char.IsHighSurrogate(c) && i + 1 < label.Length && char.IsLowSurrogate(label[i + 1]))
            {
                result.Add(char.ConvertToUtf32(c, label[++i]));
            }
            else
            {
                result.Add(c); // a lone surrogate stays, and validation rejects it as disallowed
            }
        }
        return [.. result];
    }

    private static string ToText(ReadOnlySpan<int> codePoints)
    {
        var builder = new StringBuilder(codePoints.Length);
        foreach (int codePoint in codePoints)
        {
            builder.Append(new Rune(codePoint).ToString());
        }
        return builder.ToString();
    }
}
