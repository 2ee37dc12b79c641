using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
using Serilog;
using WebFetch.Input;
using WebFetch.Text;

namespace WebFetch.Output;

/// <summary>
/// Keeps a <c>--resume</c> file at one record per URL. During a run, records are appended, so
/// a run killed midway loses nothing it wrote: the old records stay, the new ones follow, and
/// the latest record of a URL is its current one. At the end of the run, when some URL has
/// more than one record, the file is rewritten with only the latest record of each URL, in
/// file order: into a temporary file in the same directory (so the rename stays on one file
/// system), with the file's mode and owner, locked before it takes the name, synced to disk,
/// then renamed over the file, and the directory synced. A crash before the rename leaves
/// the old file whole (and the temporary file, which the next run removes); after it, the new
/// file.
/// </summary>
internal static class ResumeRewrite
{
    private const string Suffix = ".webfetch-rewrite";

    private delegate void LineAction(long index, ReadOnlySpan<byte> line);

    /// <summary>The temporary file of a rewrite of <paramref name="path"/>: hidden, next to the file a link leads to.</summary>
    public static string TemporaryPath(string path)
    {
        string target = Target(path);
        return Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + Suffix);
    }

    /// <summary>Removes the temporary file of a rewrite that a killed run left behind. Call with the file locked.</summary>
    public static void RemoveLeftover(string path)
    {
        if (FileIdentity.Of(path) is not { IsRegularFile: true })
        {
            return; // a device or a pipe is never rewritten
        }
        string temporary = TemporaryPath(path);
        if (!File.Exists(temporary))
        {
            return;
        }
        try
        {
            File.Delete(temporary);
            Log.Warning("{File}: removed '{Temporary}', left by a run killed while it rewrote the file (the file itself is whole)", path, temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning("{File}: cannot remove '{Temporary}', left by a run killed while it rewrote the file: {Reason}", path, temporary, e.Message);
        }
    }

    /// <summary>
    /// Rewrites <paramref name="path"/> (open and locked as <paramref name="current"/>) when
    /// some URL has more than one record. Returns the new file, open and locked (keep it until
    /// the run exits), or null when there was nothing to rewrite.
    /// </summary>
    public static FileStream? Run(FileStream current, string path)
    {
        FileStream? temporary = WriteTemporary(current, path, out int dropped);
        if (temporary is null)
        {
            return null;
        }
        try
        {
            Commit(temporary, path);
            Log.Debug("{File}: rewritten with one record per URL ({Dropped} older records left out)", path, dropped);
            return temporary;
        }
        catch
        {
            temporary.Dispose();
            DeleteQuietly(TemporaryPath(path));
            throw;
        }
    }

    /// <summary>
    /// The first half of <see cref="Run"/>: the temporary file holding the latest record of each
    /// URL, synced to disk and locked, not yet renamed; null when no URL has more than one record.
    /// </summary>
    internal static FileStream? WriteTemporary(FileStream current, string path, out int dropped)
    {
        dropped = 0;
        SafeFileHandle handle = current.SafeFileHandle;
        if (FileIdentity.Of(handle) is not { IsRegularFile: true })
        {
            return null;
        }
        var latest = new Dictionary<UInt128, long>();
        long records = 0;
        ForEachLine(handle, (index, line) =>
        {
            if (KeyOf(line) is UInt128 key)
            {
                records++;
                latest[key] = index;
            }
        });
        dropped = (int)(records - latest.Count);
        if (dropped == 0)
        {
            return null;
        }
        string temporaryPath = TemporaryPath(path);
        var temporary = new FileStream(temporaryPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1 << 16);
        try
        {
            OutputFiles.Lock(temporary, temporaryPath);
            CopyOwnerAndMode(handle, temporary.SafeFileHandle);
            ForEachLine(handle, (index, line) =>
            {
                if (KeyOf(line) is not UInt128 key || latest[key] == index)
                {
                    temporary.Write(line);
                    temporary.WriteByte((byte)'\n');
                }
            });
            temporary.Flush(flushToDisk: true);
            return temporary;
        }
        catch
        {
            temporary.Dispose();
            DeleteQuietly(temporaryPath);
            throw;
        }
    }

    /// <summary>The second half of <see cref="Run"/>: renames the temporary file over the file and syncs the directory.</summary>
    internal static void Commit(FileStream temporary, string path)
    {
        string target = Target(path);
        if (Syscall.rename(TemporaryPath(path), target) != 0)
        {
            throw new IOException($"cannot rename the rewritten file over '{target}': {Stdlib.strerror(Stdlib.GetLastError())}");
        }
        int directory = Syscall.open(Path.GetDirectoryName(target)!, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        if (directory < 0 || Syscall.fsync(directory) != 0)
        {
            // the file is renamed; only its surviving a power loss in the next seconds is in doubt
            Log.Debug("cannot sync the directory of '{Target}': {Reason}", target, Stdlib.strerror(Stdlib.GetLastError()));
        }
        if (directory >= 0 && Syscall.close(directory) != 0)
        {
            Log.Debug("cannot close the directory of '{Target}': {Reason}", target, Stdlib.strerror(Stdlib.GetLastError()));
        }
        GC.KeepAlive(temporary);
    }

    /// <summary>The file <paramref name="path"/> names, through symbolic links: a rename over the link would replace the link.</summary>
    private static string Target(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException)
        {
            return Path.GetFullPath(path); // a link loop: opening the file failed already
        }
    }

    /// <summary>The URL digest of a record line; null for a line that is not a record.</summary>
    private static UInt128? KeyOf(ReadOnlySpan<byte> line)
    {
        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            return null;
        }
        try
        {
            var reader = new Utf8JsonReader(line);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("url", out JsonElement url) && url.ValueKind == JsonValueKind.String
                ? DoneUrls.Digest(url.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void CopyOwnerAndMode(SafeFileHandle from, SafeFileHandle to)
    {
        File.SetUnixFileMode(to, File.GetUnixFileMode(from));
        if (Syscall.fstat(Descriptor(from), out Stat original) == 0 && Syscall.fstat(Descriptor(to), out Stat created) == 0
            && (original.st_uid != created.st_uid || original.st_gid != created.st_gid)
            && Syscall.fchown(Descriptor(to), original.st_uid, original.st_gid) != 0)
        {
            Log.Debug("cannot give the rewritten resume file its owner {Uid}:{Gid}: {Reason}", original.st_uid, original.st_gid, Stdlib.strerror(Stdlib.GetLastError()));
        }
    }

    /// <summary>Removes a temporary file after a failed rewrite; the failure is what gets reported, and the next run removes what is left.</summary>
    private static void DeleteQuietly(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Debug("cannot remove '{Temporary}': {Reason}", temporary, e.Message);
        }
    }

    private static int Descriptor(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    /// <summary>Calls <paramref name="action"/> for each line of the file (without its newline), numbered from 0, reading it from the start whatever the handle's position.</summary>
    private static void ForEachLine(SafeFileHandle handle, LineAction action)
    {
        using var lines = new LineSplitter(int.MaxValue, LineEnds.Lf);
        long offset = 0;
        long index = 0;
        int read;
        while ((read = RandomAccess.Read(handle, lines.Chunk.Span, offset)) > 0)
        {
            offset += read;
            lines.Take(read);
            while (lines.TryReadLine(out ReadOnlySpan<byte> line))
            {
                action(index++, line);
            }
        }
        if (lines.TryReadLast(out ReadOnlySpan<byte> last))
        {
            action(index, last);
        }
    }
}
