using WebFetch.Urls.Idna;
using Xunit;

namespace WebFetch.Tests.Urls.Idna;

/// <summary>
/// Every entry of web-platform-tests' IDNA data through <see cref="DomainToAscii.TryConvert"/>:
/// IdnaTestV2.json (Unicode 17.0.0's UTS #46 conformance data as the URL Standard applies it) and
/// toascii.json (further cases of the URL Standard's host parsing).
/// </summary>
public sealed class WptIdnaTestV2Tests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string file in (string[])["IdnaTestV2.json", "toascii.json"])
        {
            foreach (int index in WptIdnaCases.Indexes(file))
            {
                data.Add(file, index);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryEntryGivesTheExpectedHostOrFailure(string file, int index)
    {
        WptIdnaCase test = WptIdnaCases.Load(file)[index];

        bool converted = DomainToAscii.TryConvert(test.Input, out string? ascii, out string? error);

        WptIdnaCases.AssertAgrees(file, test, converted, ascii, error);
    }
}
