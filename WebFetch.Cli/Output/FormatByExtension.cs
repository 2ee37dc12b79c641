namespace WebFetch.Output;

/// <summary>
/// The record format a file's name promises: <c>.csv</c> is CSV; <c>.jsonl</c>, <c>.ndjson</c>
/// and <c>.json</c> are JSON Lines (jq and most JSON tools read a <c>.json</c> file of JSON
/// Lines). Any other extension, or none (<c>/dev/stdout</c>), promises nothing.
/// </summary>
internal static class FormatByExtension
{
    public static OutputFormat? Of(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => OutputFormat.Csv,
        ".jsonl" or ".ndjson" or ".json" => OutputFormat.Jsonl,
        _ => null,
    };

    /// <summary>The format's name as <c>--format</c> takes it.</summary>
    public static string Name(OutputFormat format) => format switch
    {
        OutputFormat.Csv => "csv",
        OutputFormat.Text => "text",
        _ => "jsonl",
    };

    /// <summary>The format's name in prose.</summary>
    public static string Description(OutputFormat format) => format switch
    {
        OutputFormat.Csv => "CSV",
        OutputFormat.Text => "readable text",
        _ => "JSON Lines",
    };
}
