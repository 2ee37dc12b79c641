using System.Text;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Protocol;

public sealed class SipHashTests
{
    /// <summary>The key of the reference implementation's test vectors: the bytes 00 to 0f.</summary>
    private static readonly SipHash Reference24 = new(0x0706050403020100UL, 0x0f0e0d0c0b0a0908UL, compressionRounds: 2, finalizationRounds: 4);

    private static byte[] Message(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)i)];

    [Theory]
    [InlineData(0, 0x726fdb47dd0e0e31UL)] // vectors.h, the first of SipHash-2-4's
    [InlineData(1, 0x74f839c593dc67fdUL)]
    [InlineData(15, 0xa129ca6149be45e5UL)] // the paper's appendix A
    public void SipHash24GivesTheReferenceVectors(int length, ulong expected) =>
        Assert.Equal(expected, Reference24.Of(Message(length)));

    [Fact]
    public void AStringIsHashedAsItsUtf16BytesInLittleEndianOrder()
    {
        var hash = new SipHash(17, 42);
        const string Url = "https://example.test/dir/page.html?q=é";

        Assert.Equal(hash.Of(Encoding.Unicode.GetBytes(Url)), hash.Of(Url.AsSpan()));
    }

    [Fact]
    public void AnotherKeyGivesAnotherHash()
    {
        const string Url = "https://example.test/dir/page.html";

        Assert.NotEqual(new SipHash(1, 2).Of(Url.AsSpan()), new SipHash(1, 3).Of(Url.AsSpan()));
        Assert.NotEqual(new SipHash(1, 2).Of(Url.AsSpan()), new SipHash(1, 2).Of((Url + "x").AsSpan()));
    }
}
