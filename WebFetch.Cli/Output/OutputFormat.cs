namespace WebFetch.Output;

/// <summary>The record formats of <c>--format</c>.</summary>
internal enum OutputFormat
{
    /// <summary>JSON Lines: one JSON object per line (the default when stdout is a pipe or a file).</summary>
    Jsonl,

    /// <summary>CSV (RFC 4180) with a header line and the columns of <see cref="CsvRecordWriter.Columns"/>.</summary>
    Csv,

    /// <summary>One readable line per URL in aligned columns (<see cref="TextRecordWriter"/>): the default on a terminal.</summary>
    Text,
}
