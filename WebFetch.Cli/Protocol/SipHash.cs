using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace WebFetch.Protocol;

/// <summary>
/// SipHash (Aumasson and Bernstein, 2012), a keyed 64-bit hash: without the 128-bit key, nobody
/// can aim two inputs at one value, which a per-process seeded hash cannot offer to two processes
/// that must agree (<see cref="DoneUrlTable"/>). SipHash-1-3 (one round a block, three at the
/// end) by default, as Python's and Rust's hash tables use it; the rounds are parameters so that
/// the paper's SipHash-2-4 test vectors can check the code.
/// </summary>
internal readonly struct SipHash(ulong key0, ulong key1, int compressionRounds = 1, int finalizationRounds = 3)
{
    /// <summary>The hash of a string's UTF-16 code units, as bytes in little-endian order.</summary>
    public ulong Of(ReadOnlySpan<char> text) => Of(MemoryMarshal.AsBytes(text));

    public ulong Of(ReadOnlySpan<byte> data)
    {
        ulong v0 = key0 ^ 0x736f6d6570736575UL;
        ulong v1 = key1 ^ 0x646f72616e646f6dUL;
        ulong v2 = key0 ^ 0x6c7967656e657261UL;
        ulong v3 = key1 ^ 0x7465646279746573UL;
        int whole = data.Length & ~7;
        for (int i = 0; i < whole; i += 8)
        {
            ulong m = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            v3 ^= m;
            Rounds(compressionRounds, ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }
        ulong last = (ulong)data.Length << 56;
        ReadOnlySpan<byte> tail = data[whole..];
        for (int i = 0; i < tail.Length; i++)
        {
            last |= (ulong)tail[i] << (8 * i);
        }
        v3 ^= last;
        Rounds(compressionRounds, ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;
        v2 ^= 0xff;
        Rounds(finalizationRounds, ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Rounds(int count, ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        for (int i = 0; i < count; i++)
        {
            v0 += v1;
            v1 = BitOperations.RotateLeft(v1, 13);
            v1 ^= v0;
            v0 = BitOperations.RotateLeft(v0, 32);
            v2 += v3;
            v3 = BitOperations.RotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = BitOperations.RotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = BitOperations.RotateLeft(v1, 17);
            v1 ^= v2;
            v2 = BitOperations.RotateLeft(v2, 32);
        }
    }
}
