using System.Globalization;
using System.Text;
using WebFetch.Protocol;
using WebFetch.Text;

namespace WebFetch.Output;

/// <summary>
/// Writes each record as one line for a person to read, in columns of fixed widths: the status
/// (<c>ERR</c> for an error without a response), the time, the size, the title cut to its
/// column, the URL (and where a redirect led), and for an error its kind and message. A line
/// is never wrapped here; text from the network (title, URL, message) has its control
/// characters and bidi overrides escaped (<see cref="TerminalText"/>), so a page cannot send
/// a terminal escape. With <paramref name="color"/>, the status is coloured by its class
/// (2xx green, 3xx cyan, 4xx yellow, 5xx and errors red). With <paramref name="terminal"/>,
/// each line first erases the line it starts on: the progress line that stderr draws there.
/// Lines go through a <see cref="WriteBehindStream"/>, as JSON lines do. Thread-safe.
/// </summary>
internal sealed class TextRecordWriter(Stream output, bool color, bool terminal) : WriteBehindRecordWriter(output)
{
    /// <summary>The cells of the status column: three digits, or <c>ERR</c>.</summary>
    public const int StatusWidth = 3;

    /// <summary>The cells of the time column: "9999 ms" or "123.4 s".</summary>
    public const int TimeWidth = 7;

    /// <summary>The cells of the size column: "1023 B", "12.3 KiB", "1023 MiB".</summary>
    public const int SizeWidth = 8;

    /// <summary>The cells of the title column: enough to tell pages apart, with room for the URL on a common terminal.</summary>
    public const int TitleWidth = 40;

    private const string Gap = "  ";
    private const string Reset = "\u001b[0m";
    private const string EraseLine = "\r\u001b[K";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Lock _gate = new();
    private readonly StringBuilder _line = new(256);

    public override void Write(FetchResult record)
    {
        lock (_gate)
        {
            _line.Clear();
            if (terminal)
            {
                _line.Append(EraseLine);
            }
            AppendLine(_line, record, color);
            Send(Utf8.GetBytes(_line.ToString()));
        }
    }

    /// <summary>The line of one record, its line feed included.</summary>
    public static string LineOf(FetchResult record, bool color)
    {
        var line = new StringBuilder(256);
        AppendLine(line, record, color);
        return line.ToString();
    }

    private static void AppendLine(StringBuilder line, FetchResult record, bool color)
    {
        string status = record.Status?.ToString(CultureInfo.InvariantCulture) ?? "ERR";
        string? style = color ? StyleOf(record) : null;
        Colored(line, style, status);
        line.Append(' ', Math.Max(0, StatusWidth - status.Length)).Append(Gap);
        line.Append(Time(record.ElapsedMs).PadLeft(TimeWidth)).Append(Gap);
        line.Append((record.Status is null ? "-" : Size(record.Length)).PadLeft(SizeWidth)).Append(Gap);
        TerminalColumns.AppendFitted(line, TerminalText.Safe(record.Title ?? ""), TitleWidth);
        line.Append(Gap).Append(TerminalText.Safe(record.Url));
        if (record.Redirects > 0 && record.FinalUrl is string final && final != record.Url)
        {
            line.Append(" -> ").Append(TerminalText.Safe(final));
        }
        if (record.Error is FetchError error)
        {
            line.Append(Gap);
            Colored(line, style, TerminalText.Safe($"{error.Kind}: {error.Message}"));
        }
        line.Append('\n');
    }

    /// <summary>The colour of a record's status: by its class, red for an error.</summary>
    private static string? StyleOf(FetchResult record) => record.Error is not null ? "\u001b[31m" : (record.Status / 100) switch
    {
        2 => "\u001b[32m",
        3 => "\u001b[36m",
        4 => "\u001b[33m",
        5 => "\u001b[31m",
        _ => null,
    };

    private static void Colored(StringBuilder line, string? style, string text)
    {
        if (style is null)
        {
            line.Append(text);
            return;
        }
        line.Append(style).Append(text).Append(Reset);
    }

    /// <summary>Milliseconds up to ten seconds, then seconds with a tenth.</summary>
    public static string Time(long ms) => ms < 10_000
        ? ms.ToString(CultureInfo.InvariantCulture) + " ms"
        : (ms / 1000.0).ToString(ms < 1_000_000 ? "0.0" : "0", CultureInfo.InvariantCulture) + " s";

    /// <summary>Bytes below 1 KiB, then KiB, MiB, GiB with a tenth below 100 of them.</summary>
    public static string Size(long bytes)
    {
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }
        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString(value < 99.95 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
