using System.Text;

namespace WebFetch.Urls.Idna;

/// <summary>
/// The mapping step of UTS #46 processing (section 4 step 1), nontransitional: mapped code points are
/// replaced, ignored ones removed, deviations and disallowed ones kept (validation rejects the latter).
/// </summary>
internal static class IdnaMapping
{
    /// <summary>The status of <paramref name="codePoint"/> and, for a mapped or deviation code point, its mapping.</summary>
    public static IdnaStatus Lookup(int codePoint, out ReadOnlySpan<char> mapping)
    {
        if (codePoint < 0x80)
        {
            // UTS #46 since Unicode 16: every ASCII code point is valid except A-Z, mapped to a-z.
            if (codePoint is >= 'A' and <= 'Z')
            {
                mapping = LowerAscii.AsSpan(codePoint - 'A', 1);
                return IdnaStatus.Mapped;
            }
            mapping = default;
            return IdnaStatus.Valid;
        }
        int value = UnicodeTables.IdnaValues[UnicodeProperties.RangeIndex(UnicodeTables.IdnaStarts, codePoint)];
        int length = (value >> 3) & 0x1F;
        mapping = length == 0 ? default : UnicodeTables.IdnaMappingText.AsSpan(value >> 8, length);
        return (IdnaStatus)(value & 0x7);
    }

    /// <summary>The status of <paramref name="codePoint"/>.</summary>
    public static IdnaStatus Status(int codePoint) => Lookup(codePoint, out _);

    /// <summary>Appends the mapped form of <paramref name="domain"/>; a lone surrogate is kept (and is disallowed).</summary>
    public static void Map(string domain, StringBuilder output)
    {
        for (int i = 0; i < domain.Length; i++)
        {
            char c = domain[i];
            int codePoint = c;
            int units = 1;
            if (char.IsHighSurrogate(c) && i + 1 < domain.Length && char.IsLowSurrogate(domain[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, domain[i + 1]);
                units = 2;
            }
            switch (Lookup(codePoint, out ReadOnlySpan<char> mapping))
            {
                case IdnaStatus.Mapped:
                    output.Append(mapping);
                    break;
                case IdnaStatus.Ignored:
                    break;
                default:
                    output.Append(domain, i, units);
                    break;
            }
            i += units - 1;
        }
    }

    private const string LowerAscii = "abcdefghijklmnopqrstuvwxyz";
}
