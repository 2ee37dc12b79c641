using System.Buffers;
using System.Text;

namespace WebFetch.Fetching;

/// <summary>
/// An encoding of the Encoding Standard: its name there (<c>UTF-8</c>, <c>windows-1252</c>,
/// <c>Shift_JIS</c>, ...) and the .NET decoder that reads it. Where .NET's legacy tables
/// give a character for a byte the standard calls an error, those characters are listed in
/// <paramref name="errors"/> and become U+FFFD after decoding, as the standard's decoders
/// give; the decoder's own fallback for invalid sequences is U+FFFD as well.
/// </summary>
internal sealed class WebEncoding(string name, Encoding encoding, SearchValues<char>? errors = null)
{
    /// <summary>The encoding's name in the Encoding Standard, as a browser's <c>document.characterSet</c> gives it.</summary>
    public string Name { get; } = name;

    public Encoding Encoding { get; } = encoding;

    public int GetMaxCharCount(int byteCount) => Encoding.GetMaxCharCount(byteCount);

    /// <summary>Decodes all of <paramref name="bytes"/> into <paramref name="chars"/>; returns the characters written.</summary>
    public int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        int length = Encoding.GetChars(bytes, chars);
        if (errors is not null)
        {
            Span<char> text = chars[..length];
            int at;
            while ((at = text.IndexOfAny(errors)) >= 0)
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
}
