using System.Text.Json;
using Serilog;
using WebFetch.Input;
using WebFetch.Protocol;
using WebFetch.Text;

namespace WebFetch.Output;

/// <summary>
/// Opens the <c>--resume</c> file (JSON Lines, created when missing): collects the URLs that
/// are done, refuses a file with a line that is not a record before changing anything,
/// repairs a last line cut short by a killed run, and leaves the file open for appending. A URL's latest record decides: it is done when that record has no error, or an
/// error that another try would repeat (<see cref="RefetchTable"/>); otherwise it is fetched
/// again and its new record appended, until <see cref="ResumeRewrite"/> keeps only the latest
/// record of each URL at the end of the run.
/// </summary>
internal static class ResumeFile
{
    public static FileStream Open(string path, DoneUrls done)
    {
        FileStream file;
        try
        {
            file = OutputFiles.Open(path, append: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFileException(OutputFiles.InUse(e)
                ? $"resume file '{path}' is in use by another run; wait for it to finish, or give another file"
                : FileErrors.Describe("cannot open resume file", path, e), e);
        }
        try
        {
            Load(file, path, done);
            ResumeRewrite.RemoveLeftover(path);
            file.Seek(0, SeekOrigin.End);
            return file;
        }
        catch (IOException e)
        {
            file.Dispose();
            throw new OutputFileException(FileErrors.Describe("cannot read resume file", path, e), e);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>How every record starts: webfetch writes <c>url</c> first.</summary>
    private static ReadOnlySpan<byte> RecordStart => "{\"url\":\""u8;

    /// <summary>
    /// Reads every line before changing anything: a file with a line that is not a record (not
    /// webfetch's, or not JSON Lines at all) is refused untouched. Only then is a last line
    /// repaired: a record that lacks its newline gets one, and the start of a record cut short
    /// by a killed run is removed.
    /// </summary>
    private static void Load(FileStream file, string path, DoneUrls done)
    {
        using var lines = new LineSplitter(int.MaxValue, LineEnds.Lf);
        long lineNumber = 0;
        int retried = 0;
        int read;
        while ((read = file.Read(lines.Chunk.Span)) > 0)
        {
            lines.Take(read);
            while (lines.TryReadLine(out ReadOnlySpan<byte> line))
            {
                lineNumber++;
                if (!Take(line, done, ref retried))
                {
                    throw NotRecords(path, lineNumber);
                }
            }
        }
        if (lines.TryReadLast(out ReadOnlySpan<byte> last))
        {
            lineNumber++;
            if (Take(last, done, ref retried))
            {
                file.Seek(0, SeekOrigin.End);
                file.Write("\n"u8); // a complete record that only lacked its newline
            }
            else if (IsCutRecord(last))
            {
                file.SetLength(lines.LineStart);
                Log.Warning("{File}: removed a last record cut short by an earlier run ({Bytes} bytes)", path, last.Length);
            }
            else
            {
                throw NotRecords(path, lineNumber);
            }
        }
        Log.Debug("{File}: {Done} URLs done, {Retried} records with a retried error kind", path, done.Count, retried);
    }

    private static OutputFileException NotRecords(string path, long lineNumber) =>
        new($"resume file '{path}' is not a file of webfetch records: line {lineNumber} is not a record (a JSON object with \"url\" and \"error\" on one line); it was left as it is: give the JSON Lines file of an earlier run, or a new file");

    /// <summary>
    /// Whether <paramref name="line"/> is the start of a record that a killed run did not finish
    /// writing: it starts as every record starts and is valid JSON as far as it goes, but ends
    /// before the object does.
    /// </summary>
    private static bool IsCutRecord(ReadOnlySpan<byte> line)
    {
        if (line.Length <= RecordStart.Length)
        {
            return RecordStart.StartsWith(line);
        }
        if (!line.StartsWith(RecordStart))
        {
            return false;
        }
        var reader = new Utf8JsonReader(line, isFinalBlock: false, state: default);
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.EndObject)
                {
                    return false; // a whole object, only not a record
                }
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static int? StatusOf(JsonElement record) =>
        record.TryGetProperty("status", out JsonElement status) && status.ValueKind == JsonValueKind.Number && status.TryGetInt32(out int code) ? code : null;

    /// <summary>Takes one line's record into <paramref name="done"/>; false if the line is not a record (a blank line is skipped).</summary>
    private static bool Take(ReadOnlySpan<byte> line, DoneUrls done, ref int retried)
    {
        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            return true;
        }
        try
        {
            var reader = new Utf8JsonReader(line);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            if (!line[(int)reader.BytesConsumed..].Trim(" \t\r"u8).IsEmpty)
            {
                return false; // something after the object
            }
            JsonElement root = document.RootElement;
            string url = root.GetProperty("url").GetString() ?? throw new InvalidOperationException("url is null");
            JsonElement error = root.GetProperty("error");
            if (error.ValueKind == JsonValueKind.Object
                && RefetchTable.FetchAgain(error.GetProperty("kind").GetString() ?? "", StatusOf(root)))
            {
                retried++;
                done.Remove(url); // the latest record decides
                return true;
            }
            if (error.ValueKind != JsonValueKind.Null && error.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            done.Add(url);
            return true;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }
}
