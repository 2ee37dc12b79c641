using System.Buffers;
using System.Text.Json;
using Serilog;
using WebFetch.Input;
using WebFetch.Protocol;

namespace WebFetch.Output;

/// <summary>
/// Opens the <c>--resume</c> file (JSON Lines, created when missing): collects the URLs that
/// are done, repairs a last line cut short by a killed run, and leaves the file open for
/// appending. A URL's latest record decides: it is done when that record has no error, or an
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
            ResumeRewrite.RemoveLeftover(path);
            Load(file, path, done);
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

    private static void Load(FileStream file, string path, DoneUrls done)
    {
        var line = new ArrayBufferWriter<byte>(4096);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long lineStart = 0;
        long position = 0;
        int retried = 0;
        int unreadable = 0;
        try
        {
            int read;
            while ((read = file.Read(chunk)) > 0)
            {
                int start = 0;
                while (start < read)
                {
                    int newline = chunk.AsSpan(start, read - start).IndexOf((byte)'\n');
                    int end = newline < 0 ? read : start + newline;
                    line.Write(chunk.AsSpan(start, end - start));
                    if (newline < 0)
                    {
                        break;
                    }
                    Take(line.WrittenSpan, done, ref retried, ref unreadable);
                    line.ResetWrittenCount();
                    start = end + 1;
                    lineStart = position + start;
                }
                position += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        if (line.WrittenCount > 0)
        {
            int before = unreadable;
            Take(line.WrittenSpan, done, ref retried, ref unreadable);
            if (unreadable == before)
            {
                file.Seek(0, SeekOrigin.End);
                file.Write("\n"u8); // a complete record that only lacked its newline
            }
            else
            {
                unreadable--;
                file.SetLength(lineStart);
                Log.Warning("{File}: removed a last record cut short by an earlier run ({Bytes} bytes)", path, line.WrittenCount);
            }
        }
        if (unreadable > 0)
        {
            Log.Warning("{File}: {Count} lines are not records and were ignored", path, unreadable);
        }
        Log.Debug("{File}: {Done} URLs done, {Retried} records with a retried error kind", path, done.Count, retried);
    }

    private static int? StatusOf(JsonElement record) =>
        record.TryGetProperty("status", out JsonElement status) && status.ValueKind == JsonValueKind.Number && status.TryGetInt32(out int code) ? code : null;

    private static void Take(ReadOnlySpan<byte> line, DoneUrls done, ref int retried, ref int unreadable)
    {
        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            return;
        }
        try
        {
            var reader = new Utf8JsonReader(line);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            string url = root.GetProperty("url").GetString() ?? throw new InvalidOperationException("url is null");
            JsonElement error = root.GetProperty("error");
            if (error.ValueKind == JsonValueKind.Object
                && RefetchTable.FetchAgain(error.GetProperty("kind").GetString() ?? "", StatusOf(root)))
            {
                retried++;
                done.Remove(url); // the latest record decides
                return;
            }
            done.Add(url);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            unreadable++;
        }
    }
}
