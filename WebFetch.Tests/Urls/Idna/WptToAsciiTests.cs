using WebFetch.Urls.Idna;
using Xunit;

namespace WebFetch.Tests.Urls.Idna;

/// <summary>Every entry of web-platform-tests' toascii.json through <see cref="DomainToAscii.TryConvert"/>.</summary>
public sealed class WptToAsciiTests
{
    private const string File = "toascii.json";

    public static TheoryData<int> Cases => WptIdnaCases.Indexes(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryToAsciiEntryGivesTheExpectedHostOrFailure(int index)
    {
        WptIdnaCase test = WptIdnaCases.Load(File)[index];

        bool converted = DomainToAscii.TryConvert(test.Input, out string? ascii, out string? error);

        string actual = converted ? ascii! : "(failure: " + error + ")";
        string context = $"input {WptIdnaCases.Escape(test.Input)} [{test.Comment}]: expected {WptIdnaCases.Escape(test.Output)}, got {WptIdnaCases.Escape(actual)}";
        Assert.True(converted == (test.Output is not null), context);
        if (test.Output is not null)
        {
            Assert.True(test.Output == ascii, context);
        }
    }
}
