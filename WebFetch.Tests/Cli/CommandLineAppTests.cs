using System.CommandLine;
using System.Runtime.Versioning;
using WebFetch.Cli;
using Xunit;

namespace WebFetch.Tests.Cli;

[SupportedOSPlatform("linux")]
public sealed class CommandLineAppTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public void BadWorkerCountIsAParseErrorNamingTheOption(string value)
    {
        ParseResult result = Parse("run", "a.txt", "--workers", value);

        Assert.NotEmpty(result.Errors);
        Assert.Contains(result.Errors, e => e.Message.Contains("--workers", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("webfetch run --help", "run", "--workers", "0")]
    [InlineData("webfetch run --help")]
    [InlineData("webfetch queue status --help", "queue", "status")]
    public void AUsageErrorPointsToTheHelpOfTheCommandGiven(string help, params string[] args) =>
        Assert.Equal(help, CommandLineApp.HelpFor(Parse(args)));

    [Theory]
    [InlineData("--timeout", "99999", "--timeout must be a time above 0 and at most a day (86400 s)")]
    [InlineData("--grace", "1e9", "--grace must be a time above 0 and at most a day (86400 s)")]
    [InlineData("--delay", "25h", "--delay must be a time from 0 to a day, in milliseconds (500)")]
    [InlineData("--per-host", "99999999999", "--per-host must be a whole number from 1 to 2147483647")]
    [InlineData("--per-host", "0", "--per-host must be a whole number of at least 1")]
    public void ATooLargeValueIsToldTheUpperBound(string option, string value, string message)
    {
        ParseResult result = Parse("run", "a.txt", option, value);

        Assert.Contains(result.Errors, e => e.Message.StartsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.001", false)]
    [InlineData("1.999", false)]
    [InlineData("2", true)]
    [InlineData("2000ms", true)]
    public void TheWorkerTimeoutIsAtLeastTwiceTheHeartbeatInterval(string value, bool accepted)
    {
        ParseResult result = Parse("run", "a.txt", "--worker-timeout", value);

        if (accepted)
        {
            Assert.Empty(result.Errors);
            Assert.Equal(TimeSpan.FromSeconds(2), result.GetValue<Duration>("--worker-timeout").Value);
        }
        else
        {
            Assert.Contains(result.Errors, e => e.Message.StartsWith("--worker-timeout must be at least 2s", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void GoodWorkerCountParses()
    {
        ParseResult result = Parse("run", "a.txt", "--workers", "3");

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.GetValue<int>("--workers"));
    }

    [Fact]
    public void ShortWorkerAliasParses()
    {
        ParseResult result = Parse("run", "a.txt", "-w", "5");

        Assert.Empty(result.Errors);
        Assert.Equal(5, result.GetValue<int>("--workers"));
    }

    [Fact]
    public void DefaultsApplyWhenOptionsAreLeftOut()
    {
        ParseResult result = Parse("run", "a.txt");

        Assert.Empty(result.Errors);
        Assert.Equal(Environment.ProcessorCount, result.GetValue<int>("--workers"));
        Assert.Equal(8, result.GetValue<int>("--concurrency"));
        Assert.Equal(TimeSpan.FromSeconds(30), result.GetValue<Duration>("--timeout").Value);
        Assert.Equal(TimeSpan.FromSeconds(10), result.GetValue<Duration>("--connect-timeout").Value);
        Assert.Equal(TimeSpan.FromSeconds(30), result.GetValue<Duration>("--worker-timeout").Value);
        Assert.Equal(TimeSpan.FromSeconds(10), result.GetValue<Duration>("--grace").Value);
        Assert.Equal(10L << 20, result.GetValue<long>("--max-bytes"));
        Assert.Equal(10, result.GetValue<int>("--max-redirects"));
        Assert.Equal(3, result.GetValue<int>("--max-attempts"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("86401")]
    public void BadTimeoutIsAParseError(string value)
    {
        ParseResult result = Parse("run", "a.txt", "--timeout", value);

        Assert.Contains(result.Errors, e => e.Message.Contains("--timeout", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2.5", 2500)]
    [InlineData("86400", 86_400_000)]
    public void FractionalTimeoutParsesToSeconds(string value, long milliseconds)
    {
        ParseResult result = Parse("run", "a.txt", "--timeout", value);

        Assert.Empty(result.Errors);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), result.GetValue<Duration>("--timeout").Value);
    }

    [Theory]
    [InlineData("--timeout", "2.5", 2_500)]
    [InlineData("--timeout", "1.5s", 1_500)]
    [InlineData("--timeout", "500ms", 500)]
    [InlineData("--timeout", "2m", 120_000)]
    [InlineData("--timeout", "1h", 3_600_000)]
    [InlineData("--timeout", "24h", 86_400_000)]
    [InlineData("--connect-timeout", "250MS", 250)]
    [InlineData("--grace", ".5s", 500)]
    [InlineData("--worker-timeout", "1e2", 100_000)]
    [InlineData("--delay", "500", 500)]
    [InlineData("--delay", "1.5", 1.5)]
    [InlineData("--delay", "1.5s", 1_500)]
    [InlineData("--delay", "500ms", 500)]
    [InlineData("--delay", "2m", 120_000)]
    [InlineData("--delay", "0", 0)]
    [InlineData("--delay", "0s", 0)]
    [InlineData("--delay", "1.5 s", 1_500)]
    public void EveryTimeOptionTakesAUnitAndAPlainNumberKeepsItsOldUnit(string option, string value, double milliseconds)
    {
        ParseResult result = Parse("run", "a.txt", option, value);

        Assert.Empty(result.Errors);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), result.GetValue<Duration>(option).Value);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("-1s")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    [InlineData("99999999999999999999999")]
    [InlineData("86400001")]
    [InlineData("2d")]
    [InlineData("s")]
    [InlineData("1.5x")]
    [InlineData("1,5")]
    [InlineData("")]
    public void BadDelayIsAParseErrorNamingTheOptionAndTheUnits(string value)
    {
        ParseResult result = Parse("run", "a.txt", "--delay", value);

        Assert.Contains(result.Errors, e => e.Message.StartsWith("--delay must be a time from 0 to a day, in milliseconds (500) or with a unit (500ms, 1.5s, 2m, 1h), not '", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0ms")]
    [InlineData("1e-9")]
    public void ATimeoutOfZeroIsRefusedThoughADelayOfZeroIsNot(string value)
    {
        Assert.Contains(Parse("run", "a.txt", "--timeout", value).Errors, e => e.Message.Contains("--timeout must be a time above 0", StringComparison.Ordinal));
        Assert.Empty(Parse("run", "a.txt", "--delay", value).Errors);
    }

    [Theory]
    [InlineData("10M", 10_485_760)]
    [InlineData("10m", 10_485_760)]
    [InlineData("512K", 524_288)]
    [InlineData("1G", 1_073_741_824)]
    [InlineData("500000", 500_000)]
    [InlineData("1", 1)]
    public void MaxBytesParsesWithSuffixes(string value, long bytes)
    {
        ParseResult result = Parse("run", "a.txt", "--max-bytes", value);

        Assert.Empty(result.Errors);
        Assert.Equal(bytes, result.GetValue<long>("--max-bytes"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("M")]
    [InlineData("10X")]
    [InlineData("10MB")]
    [InlineData("3G")]
    public void BadMaxBytesIsAParseError(string value)
    {
        ParseResult result = Parse("run", "a.txt", "--max-bytes", value);

        Assert.Contains(result.Errors, e => e.Message.Contains("--max-bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void MaxBytesIsCappedAtOneGigabyteAndSaysSo()
    {
        Assert.Empty(Parse("run", "a.txt", "--max-bytes", "1G").Errors);
        ParseResult tooBig = Parse("run", "a.txt", "--max-bytes", "2G");

        Assert.Contains(tooBig.Errors, e => e.Message.Contains("at most 1G", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnknownOptionIsAnErrorNotAFileName()
    {
        ParseResult result = Parse("run", "a.txt", "--no-such-option");

        Assert.Contains(result.Errors, e => e.Message.Contains("unknown option '--no-such-option'", StringComparison.Ordinal));
        Assert.Empty(Parse("run", "-", "a.txt").Errors);
    }

    [Theory]
    [InlineData("--max-redirects", "0")]
    [InlineData("--concurrency", "4")]
    [InlineData("--max-attempts", "1")]
    public void CountsAtTheirMinimumParse(string option, string value)
    {
        ParseResult result = Parse("run", "a.txt", option, value);

        Assert.Empty(result.Errors);
        Assert.Equal(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture), result.GetValue<int>(option));
    }

    [Theory]
    [InlineData("--max-redirects", "-1")]
    [InlineData("--concurrency", "0")]
    [InlineData("--max-attempts", "0")]
    public void CountsBelowTheirMinimumAreParseErrors(string option, string value)
    {
        ParseResult result = Parse("run", "a.txt", option, value);

        Assert.Contains(result.Errors, e => e.Message.Contains(option, StringComparison.Ordinal));
    }

    [Fact]
    public void RunWithoutAFileIsAParseError()
    {
        ParseResult result = Parse("run");

        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void RunWithSeveralFilesAndStdinKeepsTheirOrder()
    {
        ParseResult result = Parse("run", "a.txt", "-", "b.txt", "--workers", "2");

        Assert.Empty(result.Errors);
        Assert.Equal(["a.txt", "-", "b.txt"], result.GetValue<string[]>("FILE") ?? []);
    }

    [Fact]
    public void UnknownCommandIsAParseError()
    {
        ParseResult result = Parse("fetch", "a.txt");

        Assert.NotEmpty(result.Errors);
    }

    [Theory]
    [InlineData("5", 5.0)]
    [InlineData("5/s", 5.0)]
    [InlineData("0.5/s", 0.5)]
    [InlineData("30/m", 0.5)]
    [InlineData("7200/H", 2.0)]
    [InlineData("43200/d", 0.5)]
    public void RateAcceptsANumberPerSecondMinuteHourOrDay(string value, double expected)
    {
        ParseResult result = Parse("run", "a.txt", "--rate", value);

        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.GetValue<double>("--rate"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("fast")]
    [InlineData("5/x")]
    [InlineData("5/")]
    [InlineData("/s")]
    [InlineData("0/m")]
    public void BadRateIsAParseErrorNamingTheOption(string value)
    {
        ParseResult result = Parse("run", "a.txt", "--rate", value);

        Assert.Contains(result.Errors, e => e.Message.Contains("--rate", StringComparison.Ordinal));
    }

    [Fact]
    public void PoliteLimitsAreOffByDefault()
    {
        ParseResult result = Parse("run", "a.txt");

        Assert.Empty(result.Errors);
        Assert.Equal(0, result.GetValue<int>("--per-host"));
        Assert.Equal(TimeSpan.Zero, result.GetValue<Duration>("--delay").Value);
        Assert.Equal(0, result.GetValue<double>("--rate"));
        Assert.False(result.GetValue<bool>("--no-dedup"));
        Assert.False(result.GetValue<bool>("--ordered"));
    }

    [Theory]
    [InlineData("--per-host", "0")]
    [InlineData("--delay", "-5")]
    [InlineData("--format", "xml")]
    public void BadSchedulingAndOutputValuesAreParseErrors(string option, string value)
    {
        ParseResult result = Parse("run", "a.txt", option, value);

        Assert.Contains(result.Errors, e => e.Message.Contains(option, StringComparison.Ordinal));
    }

    [Fact]
    public void CsvFormatParses()
    {
        ParseResult result = Parse("run", "a.txt", "--format", "csv", "--output", "out.csv");

        Assert.Empty(result.Errors);
        Assert.Equal(WebFetch.Output.OutputFormat.Csv, result.GetValue<WebFetch.Output.OutputFormat>("--format"));
        Assert.Equal("out.csv", result.GetValue<string>("--output"));
    }

    [Theory]
    [InlineData("--fail")]
    [InlineData("-f")]
    public void FailIsOffUnlessAskedFor(string option)
    {
        Assert.False(Parse("run", "a.txt").GetValue<bool>("--fail"));
        Assert.True(Parse("run", "a.txt", option).GetValue<bool>("--fail"));
    }

    [Fact]
    public void WithoutFormatTheRecordsAreJsonLines()
    {
        ParseResult result = Parse("run", "a.txt");

        Assert.Empty(result.Errors);
        Assert.Equal(WebFetch.Output.OutputFormat.Jsonl, result.GetValue<WebFetch.Output.OutputFormat>("--format"));
    }

    [Theory]
    [InlineData("-o")]
    [InlineData("--output")]
    [InlineData("--resume")]
    [InlineData("--format")]
    [InlineData("--variable")]
    [InlineData("--expand-header")]
    [InlineData("-H")]
    public void AnOptionLastWithoutItsValueIsAParseErrorNotACrash(string option)
    {
        ParseResult result = Parse(["run", "a.txt", option]);

        Assert.Contains(result.Errors, e => e.Message == $"Required argument missing for option: '{option}'.");
    }

    [Theory]
    [InlineData("-q", "-v")]
    [InlineData("-v", "-q")]
    [InlineData("-qv")]
    [InlineData("-vq")]
    [InlineData("--quiet", "--verbose")]
    public void QuietAndVerboseTogetherAreAParseError(params string[] options)
    {
        ParseResult result = Parse(["run", "a.txt", .. options]);

        Assert.Contains(result.Errors, e => e.Message == "--quiet and --verbose cannot be used together");
    }

    [Theory]
    [InlineData("--verbose", "-v", "-v")]
    [InlineData("--verbose", "-vv")]
    [InlineData("--quiet", "-q", "-q")]
    public void ARepeatedVerboseOrQuietMeansItOnce(string option, params string[] options)
    {
        ParseResult result = Parse(["run", "a.txt", .. options]);

        Assert.Empty(result.Errors);
        Assert.True(result.GetValue<bool>(option));
    }

    [Theory]
    [InlineData(null, "out.csv", "csv")]
    [InlineData(null, "dir.d/Out.CSV", "csv")]
    [InlineData(null, "out.jsonl", "jsonl")]
    [InlineData(null, "out.tsv", "jsonl")]
    [InlineData(null, "/dev/stdout", "jsonl")]
    [InlineData(null, null, "jsonl")]
    [InlineData("csv", null, "csv")]
    [InlineData("csv", "out.txt", "csv")]
    public void TheFormatIsTheGivenOneElseTheExtensionsElseJsonLines(string? given, string? file, string chosen)
    {
        Assert.Equal(OptionParsers.FormatNamed(chosen), CommandLineApp.ChosenFormat(given is null ? null : OptionParsers.FormatNamed(given), file));
    }

    [Theory]
    [InlineData("--output", "out.jsonl", "csv")]
    [InlineData("--output", "out.ndjson", "csv")]
    [InlineData("--output", "out.json", "csv")]
    [InlineData("--output", "out.csv", "jsonl")]
    [InlineData("--resume", "out.csv", null)]
    [InlineData("--resume", "out.csv", "jsonl")]
    [InlineData("--resume", "out", "csv")]
    public void AFormatThatContradictsTheOutputFileIsAParseError(string option, string file, string? format)
    {
        ParseResult result = Parse(["run", "a.txt", option, file, .. format is null ? Array.Empty<string>() : ["--format", format]]);

        Assert.Contains(result.Errors, e => e.Message.Contains($"'{file}'", StringComparison.Ordinal) || e.Message.Contains("--format csv", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--output", "out.csv", "csv")]
    [InlineData("--output", "out.jsonl", "jsonl")]
    [InlineData("--output", "out.txt", "csv")]
    [InlineData("--resume", "out.jsonl", "jsonl")]
    [InlineData("--resume", "out.jsonl", null)]
    public void AFormatThatAgreesWithTheOutputFileParses(string option, string file, string? format)
    {
        Assert.Empty(Parse(["run", "a.txt", option, file, .. format is null ? Array.Empty<string>() : ["--format", format]]).Errors);
    }

    [Theory]
    [InlineData("--timeout", "[default: 30s]")]
    [InlineData("--connect-timeout", "[default: 10s]")]
    [InlineData("--grace", "[default: 10s]")]
    [InlineData("--delay", "[default: 0]")]
    public void HelpShowsTimeDefaultsAsTheyAreWritten(string option, string shown)
    {
        var help = new StringWriter();
        CommandLineApp.Build().Parse(["run", "--help"]).Invoke(new InvocationConfiguration { Output = help });

        string line = help.ToString().Split('\n').Single(l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
        Assert.EndsWith(shown, line.TrimEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(30_000, "30s")]
    [InlineData(120_000, "2m")]
    [InlineData(3_600_000, "1h")]
    [InlineData(1_500, "1500ms")]
    [InlineData(0.25, "0.25ms")]
    public void ATimeIsWrittenInTheLargestWholeUnit(double milliseconds, string text)
    {
        var duration = new Duration(TimeSpan.FromMilliseconds(milliseconds));

        Assert.Equal(text, duration.ToString());
        Assert.True(Duration.TryParse(text, TimeSpan.FromSeconds(1), out Duration back));
        Assert.Equal(duration, back);
    }

    private static ParseResult Parse(params string[] args) => CommandLineApp.Parse(args);
}
