using System.Text;
using WebFetch.Urls;

namespace WebFetch.Input;

/// <summary>
/// Turns raw input bytes into an <see cref="InputLine"/>: trims, skips blank lines and
/// <c>#</c> comments, and accepts what a browser's <c>new URL(line)</c> would give as an
/// http(s) URL (<see cref="WebUrl"/>), as long as it can be requested.
/// </summary>
internal static class UrlLineParser
{
    /// <summary>Longest URL accepted, in bytes (browsers and servers commonly cap near 8 KiB).</summary>
    public const int MaxUrlBytes = 8 * 1024;

    /// <summary>How much of a rejected line is echoed back in the record's <c>url</c>.</summary>
    public const int MaxEchoChars = 200;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Returns null for a line to skip (blank or comment).</summary>
    public static InputLine? Parse(ReadOnlySpan<byte> raw, bool truncated, string source, long lineNumber)
    {
        if (IsSkipped(raw))
        {
            return null; // decided on the bytes, as LineCounter decides, whatever their length or encoding
        }
        if (truncated)
        {
            return Invalid(Encoding.UTF8.GetString(raw.Trim(" \t\r"u8)), $"line longer than {MaxUrlBytes} bytes", source, lineNumber);
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            return Invalid(Encoding.UTF8.GetString(raw).Trim(), "line is not valid UTF-8", source, lineNumber);
        }
        return Parse(text, source, lineNumber);
    }

    /// <summary>
    /// Whether a line yields no record: nothing but C0 controls and spaces (what the URL
    /// Standard trims), or a <c>#</c> as its first other byte. <see cref="LineCounter"/> applies
    /// the same rule byte by byte, so the progress total is the record count.
    /// </summary>
    public static bool IsSkipped(ReadOnlySpan<byte> raw)
    {
        foreach (byte b in raw)
        {
            if (!IsTrimmed(b))
            {
                return b == (byte)'#';
            }
        }
        return true;
    }

    /// <summary>A C0 control or a space: trimmed from both ends of a line.</summary>
    public static bool IsTrimmed(byte b) => b <= 0x20;

    /// <summary>Returns null for a line to skip (blank or comment).</summary>
    public static InputLine? Parse(string line, string source, long lineNumber)
    {
        // What the URL Standard trims: C0 controls (tab and CR among them) and spaces.
        string text = line.AsSpan().Trim(C0ControlOrSpace).ToString();
        if (text.Length == 0 || text[0] == '#')
        {
            return null;
        }
        if (Encoding.UTF8.GetByteCount(text) > MaxUrlBytes)
        {
            return Invalid(text, $"line longer than {MaxUrlBytes} bytes", source, lineNumber);
        }
        if (!WebUrl.TryParse(text, out WebUrl? url, out string? problem))
        {
            return Invalid(text, problem, source, lineNumber);
        }
        if (!RequestUri.TryCreate(url, out _, out problem))
        {
            return Invalid(text, problem, source, lineNumber);
        }
        return new InputLine(text, url, null, source, lineNumber);
    }

    private static readonly string C0ControlOrSpace = string.Concat(Enumerable.Range(0, 0x21).Select(i => (char)i));

    private static InputLine Invalid(string text, string problem, string source, long lineNumber)
    {
        return new InputLine(Protocol.TextCut.Shorten(text, MaxEchoChars), null, problem, source, lineNumber);
    }
}
