using System.CommandLine;
using WebFetch.Pipeline;
using WebFetch.Supervisor;

namespace WebFetch.Cli;

/// <summary>The parent's scheduling options: how hard each host and all of them are pressed, and whether a repeated URL is fetched again.</summary>
internal sealed class ScheduleOptionGroup
{
    public Option<int> PerHost { get; } = new("--per-host")
    {
        Description = "URLs in flight at most per host, over all workers [default: unlimited]",
        HelpName = "N",
        CustomParser = OptionParsers.Int(1, 0),
    };

    public Option<Duration> Delay { get; } = new("--delay")
    {
        Description = "Time at least between two request starts to one host: 500ms, 1.5s, 2m; a plain number is milliseconds",
        HelpName = "TIME",
        DefaultValueFactory = _ => default,
        CustomParser = OptionParsers.Time(default, TimeSpan.FromMilliseconds(1), zeroAllowed: true),
    };

    public Option<double> Rate { get; } = new("--rate")
    {
        Description = "Request starts over all hosts: N per second, or N/s, N/m, N/h, N/d [default: unlimited]",
        HelpName = "N[/s|m|h|d]",
        CustomParser = OptionParsers.Rate,
    };

    public Option<bool> NoDedup { get; } = new("--no-dedup") { Description = "Fetch every occurrence of a repeated URL instead of copying the first record" };

    /// <summary>The options in the order --help lists them.</summary>
    public IEnumerable<Option> All => [PerHost, Delay, Rate, NoDedup];

    /// <summary>The scheduling of a command line that parsed.</summary>
    public DispatchPolicy Read(ParseResult result) => new()
    {
        PerHost = result.GetValue(PerHost),
        Delay = result.GetValue(Delay).Value,
        Rate = result.GetValue(Rate),
        Dedup = !result.GetValue(NoDedup),
    };
}
