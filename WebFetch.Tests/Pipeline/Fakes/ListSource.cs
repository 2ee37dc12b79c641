using System.Runtime.CompilerServices;
using System.Threading.Channels;
using WebFetch.Input;

namespace WebFetch.Tests.Pipeline.Fakes;

/// <summary>A URL source fed by the test: lines written, then <see cref="End"/>; or <see cref="Fail"/> midway.</summary>
internal sealed class ListSource : IUrlSource
{
    private readonly Channel<InputLine> _lines = Channel.CreateUnbounded<InputLine>();

    public static ListSource Of(params string[] texts)
    {
        var source = new ListSource();
        for (int i = 0; i < texts.Length; i++)
        {
            source.Write(Lines.Of(texts[i], i + 1));
        }
        source.End();
        return source;
    }

    private int _taken;

    /// <summary>Lines the reader has taken from this source.</summary>
    public int Taken => Volatile.Read(ref _taken);

    public void Write(InputLine line) => _lines.Writer.TryWrite(line);

    public void End() => _lines.Writer.TryComplete();

    public void Fail(Exception e) => _lines.Writer.TryComplete(e);

    public async IAsyncEnumerable<InputLine> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (InputLine line in _lines.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _taken);
            yield return line;
        }
    }
}
