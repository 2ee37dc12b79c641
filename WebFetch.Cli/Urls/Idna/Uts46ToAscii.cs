using System.Diagnostics.CodeAnalysis;
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

        // 4. Convert/Validate: decode the Punycode labels first, as whether this is a Bidi domain
        // name depends on every label.
        var codePoints = new int[labels.Length][];
        var decoded = new List<int>();
        bool isBidiDomain = false;
        for (int i = 0; i < labels.Length; i++)
        {
            string label = labels[i];
            if (label.StartsWith(AcePrefix, StringComparison.Ordinal))
            {
                if (!System.Text.Ascii.IsValid(label))
                {
                    error = $"label {i + 1} {CodePointText.Quote(label)} begins with xn-- but is not all ASCII";
                    return false;
                }
                decoded.Clear();
                if (!Punycode.TryDecode(label.AsSpan(AcePrefix.Length), decoded))
                {
                    error = $"label {i + 1} {CodePointText.Quote(label)} is not valid Punycode";
                    return false;
                }
                if (decoded.Count == 0)
                {
                    error = $"label {i + 1} {CodePointText.Quote(label)} decodes to nothing";
                    return false;
                }
                if (decoded.TrueForAll(static c => c < 0x80))
                {
                    error = $"label {i + 1} {CodePointText.Quote(label)} decodes to plain ASCII, which must not be Punycode-encoded";
                    return false;
                }
                codePoints[i] = [.. decoded];
                string text = ToText(codePoints[i]);
                if (!Nfc.IsNormalized(text))
                {
                    error = $"label {i + 1} {CodePointText.Quote(label)} decodes to text that is not in Unicode normalization form C";
                    return false;
                }
            }
            else
            {
                codePoints[i] = ToCodePoints(label);
            }
            isBidiDomain = isBidiDomain || BidiRule.HasRightToLeft(codePoints[i]);
        }
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

        // ToASCII: Punycode-encode every label with a non-ASCII code point.
        var output = new StringBuilder(domain.Length + 8);
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
        ascii = output.ToString();
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
