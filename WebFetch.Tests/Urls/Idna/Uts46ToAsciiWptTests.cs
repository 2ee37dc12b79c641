using WebFetch.Urls.Idna;
using Xunit;

namespace WebFetch.Tests.Urls.Idna;

/// <summary>
/// The strict UTS #46 ToASCII (<see cref="Uts46ToAscii"/>) against web-platform-tests' IdnaTestV2.json
/// as it was before the URL Standard stopped validating all-ASCII domains: there every "xn--" label is
/// decoded and validated, so this is where the Punycode label rules are held to the data.
/// </summary>
public sealed class Uts46ToAsciiWptTests
{
    private const string File = "IdnaTestV2-2025-09.json";

    public static TheoryData<int> Cases => WptIdnaCases.Indexes(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryEntryOfTheEarlierIdnaTestV2GivesTheExpectedHostOrFailure(int index)
    {
        WptIdnaCase test = WptIdnaCases.Load(File)[index];

        bool converted = Uts46ToAscii.TryConvert(test.Input, out string? ascii, out string? error);

        WptIdnaCases.AssertAgrees(File, test, converted, ascii, error);
    }
}
