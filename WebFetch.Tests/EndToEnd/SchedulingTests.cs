using System.Text.Json;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>Politeness and duplicates, seen from the server: the real CLI and workers against counted pages on two host names.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class SchedulingTests(LocalSite site) : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task PerHostCapsTheUrlsInFlightToOneHostAcrossAllWorkers()
    {
        string key = Key();
        string[] urls = Enumerable.Range(0, 12).Select(n => site.CountedUrl(key, 200, n)).ToArray();
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(urls), "-w", "2", "-c", "4", "--per-host", "2", "-q"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(12, run.Records.Count);
        Assert.Equal(12, site.Counter(key).Hits);
        Assert.Equal(2, site.Counter(key).MaxConcurrent); // 8 connections could have been in flight
    }

    [Theory(Timeout = 60_000)]
    [InlineData("300")] // a plain number is milliseconds
    [InlineData("0.3s")]
    [InlineData("300ms")]
    public async Task DelaySpacesTheRequestStartsToOneHost(string delay)
    {
        string key = Key();
        string[] urls = Enumerable.Range(0, 5).Select(n => site.CountedUrl(key, 0, n)).ToArray();
        string other = site.CountedUrl(key, 0, 0, host: "localhost");
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput([.. urls, other]), "-w", "2", "-c", "4", "--delay", delay, "-v"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(6, run.Records.Count);
        Assert.Equal(5, site.Counter(key).Hits);
        // the parent's dispatch times: what the server sees adds the workers' jitter (a cold
        // worker's first fetch takes a few hundred ms, and connections wait for it meanwhile)
        // The log's timestamps come after each scheduling decision, by up to StampLag: a gap
        // reads short by the lag of its first stamp, the whole span by that of the first one.
        TimeSpan spacing = TimeSpan.FromMilliseconds(300);
        List<TimeSpan> starts = DispatchTimes(run, urls);
        for (int i = 1; i < starts.Count; i++)
        {
            Assert.True(starts[i] - starts[i - 1] >= spacing - StampLag, $"starts {i - 1} and {i} only {(starts[i] - starts[i - 1]).TotalMilliseconds} ms apart");
        }
        Assert.True(starts[^1] - starts[0] >= 4 * spacing - StampLag, $"5 starts over only {(starts[^1] - starts[0]).TotalMilliseconds} ms");
        Assert.True(DispatchTimes(run, [other])[0] - starts[0] < TimeSpan.FromMilliseconds(250), "the other host waited for the delay too");
    }

    [Fact(Timeout = 90_000)]
    public async Task ASlowLimitedHostDoesNotStallTheOthers()
    {
        string slow = Key();
        string fast = Key();
        // the slow host's URLs come first in the input: 10 x 400 ms one at a time take 4 s
        string[] urls =
        [
            .. Enumerable.Range(0, 10).Select(n => site.CountedUrl(slow, 400, n, host: "localhost")),
            .. Enumerable.Range(0, 60).Select(n => site.CountedUrl(fast, 0, n)),
        ];
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(urls), "-w", "2", "-c", "3", "--per-host", "1", "-q"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(70, run.Records.Count);
        LocalSite.RequestCounter slowHost = site.Counter(slow, "localhost");
        LocalSite.RequestCounter fastHost = site.Counter(fast);
        Assert.Equal(1, slowHost.MaxConcurrent);
        Assert.Equal(60, fastHost.Hits);
        TimeSpan began = slowHost.Starts.Min();
        TimeSpan fastDone = fastHost.Ends.Max() - began;
        TimeSpan slowDone = slowHost.Ends.Max() - began;
        TimeSpan slowLastBegan = slowHost.Starts.Max() - began;
        Assert.True(slowDone >= TimeSpan.FromSeconds(3.8), $"the slow host took only {slowDone}");
        // A queue stalled by the slow host would start no fast URL before the slow host's last
        // one, read before them all. Measured on the server's own clock, this holds however slow
        // each fetch is on a busy machine, as long as 12 rounds of 5 fast fetches take less
        // than 9 slow ones.
        Assert.True(fastDone < slowLastBegan, $"the fast host finished after {fastDone}, the slow one began its last URL after {slowLastBegan}");
    }

    [Fact(Timeout = 60_000)]
    public async Task RateLimitsTheStartsOverAllHosts()
    {
        string key = Key();
        string[] urls =
        [
            .. Enumerable.Range(0, 6).Select(n => site.CountedUrl(key, 0, n)),
            .. Enumerable.Range(0, 6).Select(n => site.CountedUrl(key, 0, n, host: "localhost")),
        ];
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(urls), "-w", "2", "-c", "4", "--rate", "5/s", "-v"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(6, site.Counter(key).Hits);
        Assert.Equal(6, site.Counter(key, "localhost").Hits);
        // Each start is read from its log line, stamped after the limiter let it go, by up to
        // StampLag: a gap reads short by the lag of its first stamp, the whole span by that of
        // the first one.
        TimeSpan spacing = TimeSpan.FromMilliseconds(200);
        List<TimeSpan> starts = DispatchTimes(run, urls);
        Assert.True(starts[^1] - starts[0] >= 11 * spacing - StampLag, $"12 starts at 5/s took only {starts[^1] - starts[0]}");
        for (int i = 1; i < starts.Count; i++)
        {
            Assert.True(starts[i] - starts[i - 1] >= spacing - StampLag, $"starts {i - 1} and {i} only {(starts[i] - starts[i - 1]).TotalMilliseconds} ms apart");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task ARepeatedUrlIsFetchedOnceAndEveryLineGetsARecord()
    {
        string key = Key();
        string url = site.CountedUrl(key, 300, 1);
        string shouted = url.Replace("http://", "HTTP://", StringComparison.Ordinal); // the same URL, written differently
        string section = url + "#section-2"; // the fragment is never sent: the same fetch
        string other = site.CountedUrl(key, 0, 2);
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(url, url, other, shouted, url, section), "-w", "2", "-c", "4"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, site.Counter(key).Hits);
        Assert.Equal(6, run.Records.Count);
        Assert.Equal(3, run.Records.Count(r => r.GetProperty("url").GetString() == url));
        foreach (string copied in (string[])[shouted, section])
        {
            JsonElement copy = run.RecordFor(copied);
            Assert.Equal($"counted {key} 1", copy.GetProperty("title").GetString());
            Assert.Equal(200, copy.GetProperty("status").GetInt32());
        }
        Assert.Single(run.Records, r => r.GetProperty("url").GetString() == other);
    }

    [Fact(Timeout = 120_000)]
    public async Task RepeatsOfLargeRecordsForgottenToStayWithinTheMemoryBudgetAreFetchedAgain()
    {
        // 16 selections of 50 values of 1,024 characters: about 1.6 MiB a record in memory, so
        // 64 MiB of them hold about 40; the first ones are forgotten by the time the last
        // ones are done, and their repeats, read after that, are fetched again
        const int Distinct = 50;
        const int Repeated = 5;
        const int Selections = 16;
        string key = Key();
        string[] urls = Enumerable.Range(0, Distinct).Select(n => site.LargeCountedUrl(key, n)).ToArray();
        string first = _cli.WriteInput(urls);
        string again = _cli.WriteInput(urls[..Repeated]);
        string output = Path.Combine(_cli.TempDirectory, "large.jsonl");
        string selects = string.Join(' ', Enumerable.Range(0, Selections).Select(i => $"--select s{i}=p"));
        // the repeats are given once every first record is out
        CliRun run = await _cli.RunInShellAsync(
            $"{{ cat \"$1\"; until [ -f \"$3\" ] && [ \"$(wc -l < \"$3\")\" -ge {Distinct} ]; do sleep 0.1; done; cat \"$2\"; }}"
            + $" | dotnet \"$WEBFETCH_DLL\" run - -w 2 -c 2 -q {selects} -o \"$3\"",
            first, again, output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(output))
        {
            using JsonDocument record = JsonDocument.Parse(line);
            string url = record.RootElement.GetProperty("url").GetString()!;
            seen[url] = seen.GetValueOrDefault(url) + 1;
            Assert.Equal(JsonValueKind.Null, record.RootElement.GetProperty("error").ValueKind);
            JsonElement select = record.RootElement.GetProperty("select");
            for (int i = 0; i < Selections; i++)
            {
                List<string> values = [.. select.GetProperty($"s{i}").EnumerateArray().Select(v => v.GetString()!)];
                Assert.Equal(LocalSite.LargeParagraphs, values.Count);
                Assert.All(values, v => Assert.Equal(LocalSite.LargeParagraphLength, v.Length));
            }
        }
        Assert.Equal(Distinct, seen.Count);
        for (int n = 0; n < Distinct; n++)
        {
            int expected = n < Repeated ? 2 : 1;
            Assert.Equal(expected, seen[urls[n]]); // every line got its record
            Assert.Equal(expected, site.Counter($"{key}-{n}").Hits); // the repeats were forgotten, and fetched again
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task NoDedupFetchesEveryRepeat()
    {
        string key = Key();
        string url = site.CountedUrl(key, 100, 1);
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(url, url, url, url), "-w", "2", "-c", "2", "--no-dedup"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(4, run.Records.Count);
        Assert.Equal(4, site.Counter(key).Hits);
    }

    /// <summary>When the parent dispatched each of <paramref name="urls"/>, in order, from its debug log ("HH:mm:ss.fff DBG webfetch: URL: dispatched").</summary>
    private static List<TimeSpan> DispatchTimes(CliRun run, string[] urls)
    {
        var times = new List<TimeSpan>();
        foreach (string line in run.Stderr.Split('\n'))
        {
            int at = line.IndexOf(" webfetch: ", StringComparison.Ordinal);
            if (at > 0 && line.EndsWith(": dispatched", StringComparison.Ordinal)
                && urls.Contains(line[(at + " webfetch: ".Length)..^": dispatched".Length]))
            {
                times.Add(TimeSpan.ParseExact(line[..12], @"hh\:mm\:ss\.fff", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        Assert.Equal(urls.Length, times.Count);
        return times;
    }

    /// <summary>
    /// How long a dispatch's log stamp may come after the scheduling decision it records: the
    /// dispatcher's thread may wait that long for a core on a machine where other builds run.
    /// Half the smallest spacing checked, so that a delay or a rate not applied (starts a few
    /// ms apart) still fails; the exact spacing is checked on a fake clock in
    /// HostSchedulerTests and RateLimiterTests.
    /// </summary>
    private static readonly TimeSpan StampLag = TimeSpan.FromMilliseconds(100);

    private static string Key() => Guid.NewGuid().ToString("N")[..12];
}
