using System.Globalization;
using System.Text;
using WebFetch.Protocol;

namespace WebFetch.Output;

/// <summary>
/// Writes records as CSV (RFC 4180): a header line before the first record, then one row per
/// record with the fixed <see cref="Columns"/>, then <c>link_urls</c> and <c>links_truncated</c>
/// when the run asked for links, and one <c>select.NAME</c> column per selection; rows end with CRLF; a field
/// containing a comma, a double quote, CR or LF is put in double quotes with its quotes
/// doubled; null is an empty field. UTF-8 without a byte order mark. Rows go through a
/// <see cref="WriteBehindStream"/>, as JSON lines do. Thread-safe.
/// </summary>
internal sealed class CsvRecordWriter(Stream output, bool writeHeader, IReadOnlyList<string>? selections = null, bool links = false)
    : WriteBehindRecordWriter(output)
{
    /// <summary>The columns, in order: the JSON fields, with <c>error</c> split in two.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "url", "final_url", "status", "content_type", "charset", "length", "title", "description", "lang", "canonical",
        "links", "redirects", "elapsed_ms", "worker", "attempts", "error_kind", "error_message",
    ];

    /// <summary>Separates the link URLs in their cell: a URL holds no raw space.</summary>
    public const char LinkSeparator = ' ';

    /// <summary>Separates the values of one selection in its cell (a quoted field may hold line breaks).</summary>
    public const char SelectionSeparator = '\n';

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly IReadOnlyList<string> _selections = selections ?? [];

    private readonly Lock _gate = new();
    private readonly StringBuilder _row = new(512);
    private bool _headerPending = writeHeader;

    public override void Write(FetchResult record)
    {
        lock (_gate)
        {
            _row.Clear();
            if (_headerPending)
            {
                AppendRow(_row, Header);
            }
            AppendRow(_row, RowOf(record));
            byte[] bytes = Utf8.GetBytes(_row.ToString());
            Send(bytes);
            _headerPending = false;
        }
    }

    /// <summary>The header: <see cref="Columns"/>, then the columns of the links and selections this run asked for.</summary>
    public IEnumerable<string> Header =>
        Columns.Concat(links ? ["link_urls", "links_truncated"] : []).Concat(_selections.Select(name => $"select.{name}"));

    /// <summary>One row: <see cref="Fields"/>, then the link URLs and each selection's values, joined.</summary>
    public IEnumerable<string?> RowOf(FetchResult record) =>
        Fields(record)
            .Concat(links ? [Join(record.LinkUrls, LinkSeparator), record.LinksTruncated == true ? "true" : null] : [])
            .Concat(_selections.Select(name => Join(record.Select?.GetValueOrDefault(name), SelectionSeparator)));

    private static string? Join(IReadOnlyList<string>? values, char separator) => values is null ? null : string.Join(separator, values);

    /// <summary>The fields of one record, in the order of <see cref="Columns"/>.</summary>
    public static string?[] Fields(FetchResult record) =>
    [
        record.Url,
        record.FinalUrl,
        Number(record.Status),
        record.ContentType,
        record.Charset,
        Number(record.Length),
        record.Title,
        record.Description,
        record.Lang,
        record.Canonical,
        Number(record.Links),
        Number(record.Redirects),
        Number(record.ElapsedMs),
        Number(record.Worker),
        Number(record.Attempts),
        record.Error?.Kind,
        record.Error?.Message,
    ];

    /// <summary>Appends one CSV row, CRLF included.</summary>
    public static void AppendRow(StringBuilder row, IEnumerable<string?> fields)
    {
        bool first = true;
        foreach (string? field in fields)
        {
            if (!first)
            {
                row.Append(',');
            }
            first = false;
            AppendField(row, field);
        }
        row.Append("\r\n");
    }

    private static void AppendField(StringBuilder row, string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return;
        }
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            row.Append(field);
            return;
        }
        row.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}
