using System.Text;

namespace WebFetch.Fetching;

/// <summary>
/// What .NET's legacy multi-byte decoders do with a sequence they cannot map, made what the
/// Encoding Standard's decoders do: one U+FFFD for the sequence, and an ASCII byte after the
/// lead byte is not swallowed but read again as itself (the standard's decoders put it back).
/// With <c>euroFor80</c> (GBK, gb18030) a lone 0x80 is U+20AC, as the standard maps it.
/// </summary>
internal sealed class StandardDecoderFallback(bool euroFor80) : DecoderFallback
{
    /// <summary>A lead byte's U+FFFD and at most one byte put back per byte the decoder gives up on.</summary>
    public override int MaxCharCount => 2;

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(euroFor80);

    public override bool Equals(object? obj) => obj is StandardDecoderFallback other && other.GetHashCode() == GetHashCode();

    public override int GetHashCode() => euroFor80 ? 1 : 0;

    private sealed class Buffer(bool euroFor80) : DecoderFallbackBuffer
    {
        private readonly char[] _chars = new char[4];
        private int _count;
        private int _next;

        public override int Remaining => _count - _next;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            _next = 0;
            _count = 0;
            _chars[_count++] = euroFor80 && bytesUnknown is [0x80] ? '\u20AC' : '\uFFFD';
            for (int i = 1; i < bytesUnknown.Length && _count < _chars.Length; i++)
            {
                if (bytesUnknown[i] < 0x80)
                {
                    _chars[_count++] = (char)bytesUnknown[i];
                }
            }
            return true;
        }

        public override char GetNextChar() => _next < _count ? _chars[_next++] : '\0';

        public override bool MovePrevious()
        {
            if (_next == 0)
            {
                return false;
            }
            _next--;
            return true;
        }

        public override void Reset()
        {
            _count = 0;
            _next = 0;
        }
    }
}
