using WebFetch.Input;

namespace WebFetch.Queue;

/// <summary>
/// The fetch options of a run whose URLs are not all fetched alike (a crawl: pages parsed for
/// their links, other resources only checked, robots.txt with its body): each set of options by
/// name, published once with the run (<see cref="RunSpec.Modes"/>), and the name of a job's set,
/// decided when the job is published and sent with it (<see cref="JobMessage.Mode"/>).
/// </summary>
/// <param name="Options">The JSON of each mode's fetch options, by the mode's name.</param>
/// <param name="Of">The mode of a line's job, asked when it is published.</param>
internal sealed record JobModes(IReadOnlyDictionary<string, string> Options, Func<InputLine, string> Of);
