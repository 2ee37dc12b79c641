namespace WebFetch.Fetching;

/// <summary>
/// The 1-based line and column of an offset in a text: lines end at LF, CRLF or a lone CR (as
/// editors count them); columns count UTF-16 code units from the line's start. Built once
/// per document, only when it has links to place.
/// </summary>
internal sealed class LineIndex
{
    private readonly List<int> _lineStarts = [0];

    public LineIndex(ReadOnlySpan<char> text)
    {
        int position = 0;
        while (true)
        {
            int next = text[position..].IndexOfAny('\r', '\n');
            if (next < 0)
            {
                return;
            }
            position += next;
            position += text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? 2 : 1;
            _lineStarts.Add(position);
        }
    }

    /// <summary>The line and column of <paramref name="offset"/>; (0, 0) for an unknown offset (below zero).</summary>
    public (int Line, int Column) Find(int offset)
    {
        if (offset < 0)
        {
            return (0, 0);
        }
        int index = _lineStarts.BinarySearch(offset);
        int line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }
}
