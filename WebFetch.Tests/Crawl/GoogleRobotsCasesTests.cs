using WebFetch.Crawl;
using Xunit;

namespace WebFetch.Tests.Crawl;

/// <summary>Google's robots.txt parser tests, as data (Data/README.md), against <see cref="RobotsRules"/>.</summary>
public sealed class GoogleRobotsCasesTests
{
    public static TheoryData<string> Names() => [.. GoogleRobotsCase.Load().Select(c => c.ToString())];

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryCaseOfGooglesParserTestsAgreesOrDiffersAsDocumented(string name)
    {
        GoogleRobotsCase test = GoogleRobotsCase.Load().Single(c => c.ToString() == name);

        RobotsRules rules = RobotsRules.Parse(test.Robots, test.Agent);

        Assert.Equal(test.Allowed, rules.IsAllowed(GoogleRobotsCase.PathAndQuery(test.Url)));
    }

    [Fact]
    public void TheCaseFileHoldsEveryCase()
    {
        List<GoogleRobotsCase> cases = [.. GoogleRobotsCase.Load()];

        Assert.True(cases.Count >= 150, $"{cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.ToString()).Distinct().Count());
        Assert.Contains(cases, c => !c.Allowed);
    }
}
