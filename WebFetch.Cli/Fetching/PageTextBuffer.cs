using System.Buffers;
using AngleSharp.Text;

namespace WebFetch.Fetching;

/// <summary>
/// The buffer a page's text is decoded into, rented for one extraction and given back when
/// it is disposed (or released for a second decoding). A page under
/// <see cref="HtmlExtractor.PooledTextChars"/> bytes goes into the shared pool's arrays; a
/// larger one into an array of <see cref="HtmlExtractor.LargeTextChars"/>' own pool of one
/// character per byte, and one more (the most any of the standard's decoders gives); past
/// that, into a <see cref="NativeBuffer{T}"/>.
/// </summary>
internal sealed class PageTextBuffer(int byteCount) : IDisposable
{
    /// <summary>
    /// Buffers for large pages' text: a pool of its own that keeps at most two buffers of a
    /// size, where the shared pool would keep dozens of them for a while.
    /// </summary>
    private static readonly ArrayPool<char> LargeTextPool = ArrayPool<char>.Create(HtmlExtractor.LargeTextChars, maxArraysPerBucket: 2);

    private readonly ArrayPool<char> _pool = byteCount < HtmlExtractor.PooledTextChars ? ArrayPool<char>.Shared : LargeTextPool;
    private char[]? _chars;
    private NativeBuffer<char>? _largeText;
    private int _length;

    /// <summary>The decoded text, until <see cref="Release"/>.</summary>
    public ReadOnlySpan<char> Text => _chars is not null ? _chars.AsSpan(0, _length) : _largeText is null ? default : _largeText.GetSpan()[.._length];

    /// <summary>Decodes <paramref name="bytes"/> into a new buffer; the text source reads from it until <see cref="Release"/>.</summary>
    public TextSource Decode(ReadOnlySpan<byte> bytes, WebEncoding encoding)
    {
        if (bytes.Length < HtmlExtractor.PooledTextChars)
        {
            _chars = _pool.Rent(encoding.GetMaxCharCount(bytes.Length));
            _length = encoding.GetChars(bytes, _chars);
            return new TextSource(new CharArrayTextSource(_chars, _length));
        }
        if (bytes.Length < HtmlExtractor.LargeTextChars)
        {
            _chars = _pool.Rent(bytes.Length + 1);
            _length = encoding.GetChars(bytes, _chars);
            return new TextSource(new CharArrayTextSource(_chars, _length));
        }
        _largeText = new NativeBuffer<char>(bytes.Length + 1);
        _length = encoding.GetChars(bytes, _largeText.GetSpan());
        return new TextSource(new ReadOnlyMemoryTextSource(_largeText.Memory[.._length]));
    }

    /// <summary>Gives the buffer back (the array to its pool, native memory freed at once).</summary>
    public void Release()
    {
        if (_chars is not null)
        {
            _pool.Return(_chars);
            _chars = null;
        }
        if (_largeText is IDisposable native)
        {
            native.Dispose();
            _largeText = null;
        }
    }

    public void Dispose() => Release();
}
