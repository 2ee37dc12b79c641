using WebFetch.Urls.Idna;
using Xunit;

namespace WebFetch.Tests.Urls.Idna;

public sealed class AllocationTests
{
    [Fact]
    public void PropertyLookupsAllocateNothing()
    {
        long sum = LookUpEveryCodePoint(); // the first pass compiles the code
        long allocated = 0;
        // The runtime may allocate on this thread once, while a pass runs, as it promotes the code
        // to its optimized tier (the tiering delay ends in the middle of a pass on a busy machine);
        // an allocation of the lookups themselves would come back in every pass.
        for (int pass = 0; pass < 4; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            sum += LookUpEveryCodePoint();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated == 0)
            {
                break;
            }
        }

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);
    }

    [Fact]
    public void ALowercaseAsciiHostAllocatesNothing()
    {
        const string Host = "www.example.com";
        DomainToAscii.TryConvert(Host, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();

        bool converted = DomainToAscii.TryConvert(Host, out string? ascii, out _);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(converted);
        Assert.Same(Host, ascii);
    }

    private static long LookUpEveryCodePoint()
    {
        long sum = 0;
        for (int codePoint = 0; codePoint <= 0x10FFFF; codePoint += 7)
        {
            IdnaStatus status = IdnaMapping.Lookup(codePoint, out ReadOnlySpan<char> mapping);
            sum += (int)status + mapping.Length + UnicodeProperties.CombiningClass(codePoint)
                + (int)UnicodeProperties.BidiClass(codePoint) + (int)UnicodeProperties.JoiningType(codePoint)
                + (UnicodeProperties.IsMark(codePoint) ? 1 : 0);
        }
        return sum;
    }
}
