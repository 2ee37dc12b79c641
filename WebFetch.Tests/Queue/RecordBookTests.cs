using WebFetch.Protocol;
using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class RecordBookTests
{
    private readonly RecordBook _book = new();

    private static FetchResult Record(string title) => new() { Url = "u", Title = title };

    private static JobKey Key(long line) => new(0, line);

    [Fact]
    public async Task AStartedJobGetsItsRecordAndASecondRecordIsDropped()
    {
        _book.Admitted(Key(1));
        Assert.False(_book.TryStart(Key(1), out _, out Task<FetchResult> pending));

        Assert.Equal(RecordBook.Outcome.Delivered, _book.Arrived(Key(1), Record("first")));
        Assert.Equal(RecordBook.Outcome.Dropped, _book.Arrived(Key(1), Record("second")));

        Assert.Equal("first", (await pending).Title);
        Assert.Equal(0, _book.Waiting);
        Assert.Equal(0, _book.Held);
    }

    [Fact]
    public void ARecordOfALineNotReadYetIsHeldAndTakenWhenItsJobStarts()
    {
        _book.Admitted(Key(1));

        Assert.Equal(RecordBook.Outcome.Held, _book.Arrived(Key(5), Record("five")));
        Assert.Equal(RecordBook.Outcome.Dropped, _book.Arrived(Key(5), Record("five again")));
        _book.Admitted(Key(5));

        Assert.True(_book.TryStart(Key(5), out FetchResult held, out _));
        Assert.Equal("five", held.Title);
        Assert.Equal(0, _book.Held);
    }

    [Fact]
    public void ARecordOfALineAdmittedButNotStartedIsHeldForIt()
    {
        _book.Admitted(Key(1));
        _book.Admitted(Key(2));

        Assert.Equal(RecordBook.Outcome.Held, _book.Arrived(Key(1), Record("one")));

        Assert.True(_book.TryStart(Key(1), out FetchResult held, out _));
        Assert.Equal("one", held.Title);
    }

    [Fact]
    public void RecordsOfLinesThatNeedNoneAreDroppedOnceTheReaderPassesThem()
    {
        Assert.Equal(RecordBook.Outcome.Held, _book.Arrived(Key(2), Record("skipped by --resume")));
        Assert.Equal(RecordBook.Outcome.Held, _book.Arrived(Key(3), Record("three")));
        Assert.Equal(1 + 1, _book.Held);

        _book.Admitted(Key(3)); // line 2 was not admitted: the resume file has it

        Assert.Equal(1, _book.Held);
        Assert.Equal(RecordBook.Outcome.Dropped, _book.Arrived(Key(2), Record("skipped, again")));
        Assert.True(_book.TryStart(Key(3), out FetchResult held, out _));
        Assert.Equal("three", held.Title);
    }

    [Fact]
    public void ARecordOfALineWrittenAlreadyIsDropped()
    {
        _book.Admitted(Key(1));
        _book.TryStart(Key(1), out _, out _);
        _book.Arrived(Key(1), Record("one"));
        _book.Admitted(Key(2));

        Assert.Equal(RecordBook.Outcome.Dropped, _book.Arrived(Key(1), Record("one, later")));
        Assert.Equal(0, _book.Held);
    }

    [Fact]
    public void ARecordOfAJobCutShortIsDropped()
    {
        _book.Admitted(Key(1));
        _book.TryStart(Key(1), out _, out _);

        _book.Abandon(Key(1));

        Assert.Equal(0, _book.Waiting);
        Assert.Equal(RecordBook.Outcome.Dropped, _book.Arrived(Key(1), Record("too late")));
    }

    [Fact]
    public void LinesOfALaterFileComeAfterEveryLineOfAnEarlierOne()
    {
        _book.Admitted(new JobKey(0, 900));

        Assert.Equal(RecordBook.Outcome.Held, _book.Arrived(new JobKey(1, 1), Record("second file")));
        Assert.Equal(RecordBook.Outcome.Dropped, _book.Arrived(new JobKey(0, 899), Record("behind")));
    }

    [Fact]
    public async Task ABookOfKeysInNoOrderHoldsARecordForItsKeyWhateverWasAdmittedBefore()
    {
        var book = new RecordBook(keysInOrder: false);
        Assert.Equal(RecordBook.Outcome.Held, book.Arrived(Key(5), Record("five")));
        book.Admitted(Key(900));
        book.TryStart(Key(900), out _, out Task<FetchResult> pending);

        book.Admitted(Key(5));
        Assert.True(book.TryStart(Key(5), out FetchResult held, out _));
        Assert.Equal(RecordBook.Outcome.Held, book.Arrived(Key(3), Record("three, after 900 was admitted")));
        Assert.Equal(RecordBook.Outcome.Delivered, book.Arrived(Key(900), Record("nine hundred")));

        Assert.Equal("five", held.Title);
        Assert.Equal("nine hundred", (await pending).Title);
        Assert.True(book.TryStart(Key(3), out FetchResult three, out _));
        Assert.Equal("three, after 900 was admitted", three.Title);
        Assert.Equal(0, book.Held);
    }

    [Fact]
    public void ABookOfKeysInNoOrderDropsTheRecordHeldForALineThatNeedsNone()
    {
        var book = new RecordBook(keysInOrder: false);
        book.Arrived(Key(5), Record("five"));
        book.Arrived(Key(6), Record("six"));

        book.NotNeeded(Key(5));

        Assert.Equal(1, book.Held);
        Assert.True(book.TryStart(Key(6), out _, out _));
    }
}
