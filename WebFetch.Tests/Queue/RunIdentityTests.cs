using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class RunIdentityTests
{
    [Fact]
    public void EveryIdIsOneSubjectToken()
    {
        string stem = RunIdentity.ResumeStem("host.example.org", "/home/me/out.jsonl");

        Assert.All([RunIdentity.Fresh(), stem, RunIdentity.NewGeneration(stem)], id => Assert.True(RunIdentity.IsToken(id), id));
        Assert.False(RunIdentity.IsToken("a.b"));
        Assert.False(RunIdentity.IsToken("a*"));
        Assert.False(RunIdentity.IsToken(""));
    }

    [Fact]
    public void AFreshRunIsNewEachTime() => Assert.NotEqual(RunIdentity.Fresh(), RunIdentity.Fresh());

    [Fact]
    public void TheSameResumeFileOnTheSameHostHasTheSameStemAndAnyOtherAnother()
    {
        string stem = RunIdentity.ResumeStem("alpha", "/data/out.jsonl");

        Assert.Equal(stem, RunIdentity.ResumeStem("alpha", "/data/out.jsonl"));
        Assert.NotEqual(stem, RunIdentity.ResumeStem("beta", "/data/out.jsonl"));
        Assert.NotEqual(stem, RunIdentity.ResumeStem("alpha", "/data/other.jsonl"));
    }

    [Fact]
    public void ACollectorReattachesToTheOpenRunOfItsStemOnly()
    {
        string stem = RunIdentity.ResumeStem("alpha", "/data/out.jsonl");
        string other = RunIdentity.ResumeStem("alpha", "/data/other.jsonl");
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string older = $"{stem}-0001", newer = $"{stem}-0002";

        Assert.Null(RunIdentity.OpenRunOf(stem, []));
        Assert.Null(RunIdentity.OpenRunOf(stem, [($"{other}-0003", now), (stem, now), ("r1234", now)]));
        Assert.Equal(newer, RunIdentity.OpenRunOf(stem, [(older, now.AddMinutes(-5)), (newer, now), ($"{other}-0003", now.AddMinutes(1))]));
    }

    [Fact]
    public void ANewGenerationIsAnotherRunOfTheSameStem()
    {
        string stem = RunIdentity.ResumeStem("alpha", "/data/out.jsonl");
        string first = RunIdentity.NewGeneration(stem), second = RunIdentity.NewGeneration(stem);

        Assert.NotEqual(first, second);
        Assert.StartsWith(stem + "-", first);
    }
}
