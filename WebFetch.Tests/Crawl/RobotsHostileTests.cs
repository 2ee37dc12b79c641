using System.Diagnostics;
using System.Text;
using WebFetch.Crawl;
using Xunit;

namespace WebFetch.Tests.Crawl;

/// <summary>robots.txt files written to hurt: too long, cut in the middle of a rule, not UTF-8, patterns made to be slow.</summary>
public sealed class RobotsHostileTests
{
    /// <summary>Comment lines up to <paramref name="bytes"/> bytes, each ending with LF.</summary>
    private static string Padding(int bytes)
    {
        const string line = "# padding padding padding padding padding padding padding padding\n";
        var text = new StringBuilder(bytes);
        while (text.Length + line.Length <= bytes)
        {
            text.Append(line);
        }
        int rest = bytes - text.Length;
        return (rest >= 2 ? text.Append('#').Append('x', rest - 2).Append('\n') : text.Append('\n', rest)).ToString();
    }

    [Fact(Timeout = 10_000)]
    public async Task ATenMegabyteFileIsReadToTheBoundAndNoFurther()
    {
        await Task.Yield();
        string head = "User-agent: *\nDisallow: /early\n";
        string robots = head + Padding(Defaults.MaxRobotsBytes - head.Length) + "Disallow: /late\n" + Padding(10 << 20);

        RobotsRules rules = RobotsRules.Parse(Encoding.UTF8.GetBytes(robots), "webfetch");

        Assert.False(rules.IsAllowed("/early"));
        Assert.True(rules.IsAllowed("/late"));
    }

    [Fact]
    public void RulesUpToTheBoundAreRead()
    {
        string head = "User-agent: *\n";
        string tail = "Disallow: /last\n";
        string robots = head + Padding(Defaults.MaxRobotsBytes - head.Length - tail.Length) + tail;

        Assert.Equal(Defaults.MaxRobotsBytes, Encoding.UTF8.GetByteCount(robots));
        Assert.False(RobotsRules.Parse(Encoding.UTF8.GetBytes(robots), "webfetch").IsAllowed("/last"));
    }

    [Fact]
    public void ALineTheBoundCutsIsDroppedNotReadHalf()
    {
        // Cut at the bound, "Allow: /secret" would be "Allow: /", which would allow everything.
        string head = "User-agent: *\nDisallow: /\n";
        string cut = "Allow: /";
        string robots = head + Padding(Defaults.MaxRobotsBytes - head.Length - cut.Length) + cut + "secret\n";

        RobotsRules rules = RobotsRules.Parse(Encoding.UTF8.GetBytes(robots), "webfetch");

        Assert.False(rules.IsAllowed("/other"));
        Assert.False(rules.IsAllowed("/secret"));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void TheLastLineOfATruncatedBodyIsNotRead(bool truncated, bool lastLineRead)
    {
        byte[] body = "User-agent: *\nDisallow: /\nAllow: /"u8.ToArray(); // "Allow: /secret", cut by the fetcher

        RobotsRules rules = RobotsRules.ForStatus(200, body, "webfetch", truncated);

        Assert.Equal(lastLineRead, rules.IsAllowed("/other"));
        Assert.Equal(lastLineRead, RobotsRules.Parse(body, "webfetch", truncated).IsAllowed("/other"));
    }

    [Fact]
    public void ALongLineIsReadWhole()
    {
        string pattern = "/x/" + new string('a', 20_000);
        RobotsRules rules = RobotsRules.Parse(Encoding.UTF8.GetBytes($"User-agent: *\nDisallow: {pattern}/qux\n"), "webfetch");

        Assert.True(rules.IsAllowed(pattern + "/fux"));
        Assert.False(rules.IsAllowed(pattern + "/qux"));
    }

    [Fact]
    public void InvalidUtf8IsComparedByItsBytes()
    {
        byte[] robots = [.. "User-agent: *\nDisallow: /caf"u8, 0xE9, .. "\nUser-agent: \xFF\xFE\nDisallow: /\n\xC3\x28: x\n"u8];

        RobotsRules rules = RobotsRules.Parse(robots, "webfetch");

        Assert.False(rules.IsAllowed("/caf%E9"));
        Assert.False(rules.IsAllowed("/caf%e9/more"));
        Assert.True(rules.IsAllowed("/cafe"));
    }

    [Fact(Timeout = 10_000)]
    public async Task ArbitraryBytesNeverThrow()
    {
        await Task.Yield();
        var random = new Random(20261203);
        byte[] alphabet = "uSer-agent:Disallow: Allow: Crawl-delay: Sitemap: */$%#\r\n\t 0.5webfetch"u8.ToArray();
        for (int i = 0; i < 5_000; i++)
        {
            byte[] input = new byte[random.Next(0, 400)];
            for (int j = 0; j < input.Length; j++)
            {
                input[j] = random.Next(5) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }
            RobotsRules rules = RobotsRules.Parse(input, "webfetch");
            _ = rules.IsAllowed("/a/b%2Fc?d=*$");
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task APatternOfManyStarsAgainstALongPathTakesLittleTime()
    {
        await Task.Yield();
        string pattern = "/" + string.Concat(Enumerable.Repeat("*a", 100_000)) + "b$";
        RobotsRules rules = RobotsRules.Parse(Encoding.UTF8.GetBytes($"User-agent: *\nDisallow: {pattern}\n"), "webfetch");
        string path = "/" + new string('a', 8_000);
        var clock = Stopwatch.StartNew();

        bool allowed = rules.IsAllowed(path);

        Assert.True(allowed);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{clock.Elapsed}");
    }

    [Fact(Timeout = 10_000)]
    public async Task AFileFullOfRulesAnswersQuickly()
    {
        await Task.Yield();
        var robots = new StringBuilder("User-agent: *\n");
        for (int i = 0; robots.Length < Defaults.MaxRobotsBytes - 64; i++)
        {
            robots.Append("Disallow: /dir").Append(i).Append("/*.html$\n");
        }
        RobotsRules rules = RobotsRules.Parse(Encoding.UTF8.GetBytes(robots.ToString()), "webfetch");
        var clock = Stopwatch.StartNew();

        for (int i = 0; i < 100; i++)
        {
            Assert.True(rules.IsAllowed($"/elsewhere/{i}.html"));
        }

        Assert.False(rules.IsAllowed("/dir7/page.html"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{clock.Elapsed}");
    }
}
