using System.Buffers;
using System.Text;

namespace WebFetch.Fetching;

/// <summary>
/// An encoding of the Encoding Standard: its name there (<c>UTF-8</c>, <c>windows-1252</c>,
/// <c>Shift_JIS</c>, ...) and how webfetch decodes it: a single-byte encoding with the
/// standard's own index (<see cref="SingleByteIndexes"/>); UTF-8, UTF-16 and the multi-byte
/// encodings with .NET's decoders, whose departures from the standard on bytes it calls
/// errors are corrected here (see <see cref="Charsets"/>).
/// </summary>
internal sealed class WebEncoding
{
    private readonly Encoding? _encoding;
    private readonly string? _highHalf;
    private readonly SearchValues<char>? _errors;
    private readonly bool _sevenBit;

    /// <summary>
    /// An encoding .NET decodes. Characters in <paramref name="errors"/> are what .NET's table
    /// gives for bytes the standard calls errors; they become U+FFFD after decoding. With
    /// <paramref name="sevenBit"/> (ISO-2022-JP) every byte from 0x80 up is an error of its own.
    /// </summary>
    public WebEncoding(string name, Encoding encoding, SearchValues<char>? errors = null, bool sevenBit = false)
    {
        Name = name;
        _encoding = encoding;
        _errors = errors;
        _sevenBit = sevenBit;
    }

    /// <summary>A single-byte encoding: ASCII, then the 128 characters of the bytes 0x80 to 0xFF.</summary>
    public WebEncoding(string name, string highHalf)
    {
        if (highHalf.Length != 128)
        {
            throw new ArgumentException($"the index of {name} has {highHalf.Length} characters, not 128", nameof(highHalf));
        }
        Name = name;
        _highHalf = highHalf;
    }

    /// <summary>The encoding's name in the Encoding Standard, as a browser's <c>document.characterSet</c> gives it.</summary>
    public string Name { get; }

    /// <summary>For a single-byte encoding, the characters of the bytes 0x80 to 0xFF; otherwise null.</summary>
    public string? HighHalf => _highHalf;

    public int GetMaxCharCount(int byteCount) => _encoding?.GetMaxCharCount(byteCount) ?? byteCount;

    /// <summary>Decodes all of <paramref name="bytes"/> into <paramref name="chars"/>; returns the characters written.</summary>
    public int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        if (_highHalf is not null)
        {
            return GetSingleByteChars(bytes, chars, _highHalf);
        }
        int length = _sevenBit ? GetSevenBitChars(bytes, chars, _encoding!) : _encoding!.GetChars(bytes, chars);
        if (_errors is not null)
        {
            Span<char> text = chars[..length];
            int at;
            while ((at = text.IndexOfAny(_errors)) >= 0)
            {
                text[at] = '\uFFFD';
                text = text[(at + 1)..];
            }
        }
        return length;
    }

    public string GetString(ReadOnlySpan<byte> bytes)
    {
        char[] chars = new char[GetMaxCharCount(bytes.Length)];
        return new string(chars, 0, GetChars(bytes, chars));
    }

    public override string ToString() => Name;

    /// <summary>ASCII runs are widened in vectorised passes; the other bytes are looked up.</summary>
    private static int GetSingleByteChars(ReadOnlySpan<byte> bytes, Span<char> chars, string highHalf)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            int run = bytes[i..].IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (run < 0)
            {
                run = bytes.Length - i;
            }
            Ascii.ToUtf16(bytes.Slice(i, run), chars[i..], out _);
            i += run;
            while (i < bytes.Length && bytes[i] >= 0x80)
            {
                chars[i] = highHalf[bytes[i] - 0x80];
                i++;
            }
        }
        return bytes.Length;
    }

    /// <summary>Decodes the runs of 7-bit bytes with one decoder (it keeps its escape state) and gives U+FFFD for each byte between them.</summary>
    private static int GetSevenBitChars(ReadOnlySpan<byte> bytes, Span<char> chars, Encoding encoding)
    {
        Decoder decoder = encoding.GetDecoder();
        int written = 0;
        while (true)
        {
            int run = bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            bool last = run < 0;
            written += decoder.GetChars(last ? bytes : bytes[..run], chars[written..], flush: last);
            if (last)
            {
                return written;
            }
            chars[written++] = '\uFFFD';
            bytes = bytes[(run + 1)..];
        }
    }
}
