using System.Runtime.InteropServices;
using Mono.Unix.Native;
using WebFetch.Errors;

namespace WebFetch.Input;

/// <summary>
/// The one place that turns a failure to open, read or write a file into plain words that name
/// the file and the reason: "cannot open output file 'x/y.jsonl': directory 'x' does not exist"
/// rather than .NET's "Could not find a part of the path". The reason comes from the system's
/// error number, which .NET keeps as the HResult of the <see cref="IOException"/> it throws
/// (alone, or inside an <see cref="UnauthorizedAccessException"/>), or from the exception's type
/// where .NET replaced the number by one (<see cref="FileNotFoundException"/>, ...).
/// </summary>
internal static class FileErrors
{
    /// <summary>"<paramref name="action"/> '<paramref name="path"/>': reason", e.g. "cannot open output file 'x': permission denied".</summary>
    public static string Describe(string action, string path, Exception error) => $"{action} '{path}': {Reason(path, error)}";

    /// <summary>Why <paramref name="error"/> happened to <paramref name="path"/> (null when the file has no name, as stdout), in plain words.</summary>
    public static string Reason(string? path, Exception error) =>
        ErrorNumber(error) is Errno number ? Reason(path, number) : ExceptionChain.Innermost(error).Message;

    /// <summary>Why a call on <paramref name="path"/> failed with <paramref name="number"/>, in plain words.</summary>
    public static string Reason(string? path, Errno number) => number switch
    {
        Errno.ENOENT or Errno.ENOTDIR when NotADirectory(path) is string file => $"'{file}' is not a directory", // .NET reports ENOTDIR as a file not found
        Errno.ENOENT when MissingDirectory(path) is string directory => $"directory '{directory}' does not exist",
        Errno.ENOENT => "no such file",
        Errno.ENOTDIR => "a part of the path is not a directory",
        Errno.EISDIR => "it is a directory",
        Errno.EACCES when path is not null && Directory.Exists(path) => "it is a directory", // .NET's answer to opening a directory as a file
        Errno.EACCES => "permission denied",
        Errno.EPERM => "operation not permitted",
        Errno.ENOSPC => "no space left on device",
        Errno.EDQUOT => "disk quota exceeded",
        Errno.EROFS => "read-only file system",
        Errno.EMFILE => "too many open files (see ulimit -n)",
        Errno.ENFILE => "too many open files in the system",
        Errno.ENAMETOOLONG => "the name is too long",
        Errno.ELOOP => "too many levels of symbolic links",
        Errno.EIO => "input/output error",
        Errno.EFBIG => "file too large",
        Errno.ETXTBSY => "text file busy",
        Errno.ENXIO or Errno.ENODEV => "no such device",
        Errno.EBADF => "bad file descriptor",
        Errno.EAGAIN => "locked by another process",
        Errno.ESTALE => "stale file handle (a network file system lost the file)",
        _ => LowerFirst(Marshal.GetPInvokeErrorMessage((int)number)),
    };

    /// <summary>The system error number behind <paramref name="error"/>, if it has one.</summary>
    public static Errno? ErrorNumber(Exception error)
    {
        // On Unix .NET keeps errno as the HResult of the IOException (positive and small,
        // unlike the 0x8007xxxx codes of the types below).
        if (ExceptionChain.Find<IOException>(error, e => e.HResult is > 0 and < 4096) is { } withNumber)
        {
            return (Errno)withNumber.HResult; // Mono.Posix numbers errors as Linux does
        }
        return error switch
        {
            DirectoryNotFoundException => Errno.ENOENT,
            FileNotFoundException => Errno.ENOENT,
            PathTooLongException => Errno.ENAMETOOLONG,
            UnauthorizedAccessException => Errno.EACCES,
            _ => null,
        };
    }

    /// <summary>The directory <paramref name="path"/> would be in, when that directory does not exist.</summary>
    private static string? MissingDirectory(string? path)
    {
        string? directory = path is null ? null : Path.GetDirectoryName(Path.GetFullPath(path));
        return directory is not null && !Directory.Exists(directory) && !File.Exists(directory) ? Parent(path!) : null;
    }

    /// <summary>The first part of <paramref name="path"/> that exists and is not a directory.</summary>
    private static string? NotADirectory(string? path)
    {
        if (path is null)
        {
            return null;
        }
        string full = Path.GetFullPath(path);
        for (string? part = Path.GetDirectoryName(full); part is not null; part = Path.GetDirectoryName(part))
        {
            if (File.Exists(part))
            {
                return Path.IsPathRooted(path) ? part : Path.GetRelativePath(Directory.GetCurrentDirectory(), part);
            }
        }
        return null;
    }

    /// <summary>The directory part of <paramref name="path"/> as the user wrote it ('.' when there is none).</summary>
    private static string Parent(string path) => Path.GetDirectoryName(path) is { Length: > 0 } parent ? parent : ".";

    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
