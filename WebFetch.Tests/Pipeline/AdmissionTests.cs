using WebFetch.Input;
using WebFetch.Pipeline;
using WebFetch.Protocol;
using WebFetch.Tests.Pipeline.Fakes;
using Xunit;

namespace WebFetch.Tests.Pipeline;

public sealed class AdmissionTests
{
    [Fact]
    public void AnInvalidLineIsRecordedAtOnceWithItsPlaceInTheInput()
    {
        var admission = new Admission(new DispatchPolicy(), done: null);
        admission.Admit(Lines.Of("https://a.test/", 1));

        Admitted admitted = admission.Admit(Lines.Of("ftp://a.test/file", 7));

        var recorded = Assert.IsType<Admitted.Recorded>(admitted);
        Assert.Equal(1, recorded.Sequence);
        Assert.Equal(ErrorKind.InvalidUrl, recorded.Record.Error!.Kind);
        Assert.EndsWith("(urls.txt line 7)", recorded.Record.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALineTheResumeFileHasIsSkippedWithoutASequenceNumber()
    {
        var done = new DoneUrls();
        done.Add("https://a.test/done");
        var admission = new Admission(new DispatchPolicy(), done);

        Assert.IsType<Admitted.Skipped>(admission.Admit(Lines.Of("https://a.test/done")));
        var next = Assert.IsType<Admitted.Fetch>(admission.Admit(Lines.Of("https://a.test/new")));

        Assert.Equal(0, next.Job.Sequence);
        Assert.Equal(1, admission.Skipped);
        Assert.Equal(1, admission.NextSequence);
    }

    [Fact]
    public async Task ARepeatedUrlWaitsForTheFirstOnesRecord()
    {
        var admission = new Admission(new DispatchPolicy(), done: null);
        var first = Assert.IsType<Admitted.Fetch>(admission.Admit(Lines.Of("https://a.test/page")));

        // the same URL written another way, and with a fragment, is the same request
        var repeat = Assert.IsType<Admitted.Repeat>(admission.Admit(Lines.Of("HTTPS://A.test:443/page#top")));
        Assert.False(repeat.First.IsCompleted);
        var record = new FetchResult { Url = "https://a.test/page", Status = 200 };
        first.Job.Shared!.SetResult(record);

        Assert.Same(record, await repeat.First.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, repeat.Sequence);
        Assert.Equal("HTTPS://A.test:443/page#top", repeat.Line.Text);
    }

    [Fact]
    public void WithoutDuplicateDetectionARepeatIsFetchedAgain()
    {
        var admission = new Admission(new DispatchPolicy { Dedup = false }, done: null);

        var first = Assert.IsType<Admitted.Fetch>(admission.Admit(Lines.Of("https://a.test/page")));
        var second = Assert.IsType<Admitted.Fetch>(admission.Admit(Lines.Of("https://a.test/page")));

        Assert.Null(first.Job.Shared);
        Assert.Equal([0L, 1L], [first.Job.Sequence, second.Job.Sequence]);
    }

    [Fact]
    public void ARecordHeavierThanTheWholeBudgetIsNotKeptForLaterRepeats()
    {
        var admission = new Admission(new DispatchPolicy { DedupBudgetBytes = 4096 }, done: null);
        var first = Assert.IsType<Admitted.Fetch>(admission.Admit(Lines.Of("https://a.test/big")));
        var heavy = new FetchResult { Url = "https://a.test/big", Title = new string('x', 10_000) };
        first.Job.Shared!.SetResult(heavy);

        admission.Remember(first.Job, heavy);

        Assert.IsType<Admitted.Fetch>(admission.Admit(Lines.Of("https://a.test/big")));
    }
}
