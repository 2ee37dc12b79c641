using System.Text;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
using WebFetch.Fetching;
using WebFetch.Input;

namespace WebFetch.Cli;

/// <summary>
/// <c>-H @FILE</c>: request headers read from a file, one <c>Name: value</c> a line, as curl's
/// <c>-H @file</c> reads them, so that a token is not on the command line, where every local
/// user can read it (<c>/proc/PID/cmdline</c>). <c>@-</c> reads stdin. Blank lines and lines
/// starting with <c>#</c> are skipped (curl sends no header for either). The file is read by
/// the parent; its headers reach the workers in their environment, which only the same user
/// can read.
/// </summary>
internal static class HeaderFile
{
    /// <summary>The largest header file read: a few lines are expected, not a data file.</summary>
    public const int MaxBytes = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads the headers of <paramref name="path"/> (<c>-</c>: stdin) into <paramref name="headers"/>.
    /// On failure <paramref name="problem"/> names the file, and the line when one is at fault,
    /// without quoting it (it may hold a secret). <paramref name="warning"/> is set when a
    /// regular file can be read by its group or by others.
    /// </summary>
    public static bool TryRead(string path, List<HeaderField> headers, out string problem, out string? warning)
    {
        warning = null;
        if (path.Length == 0)
        {
            problem = "--header @: a file name must follow the @ (@- reads stdin)";
            return false;
        }
        string shown = path == "-" ? "stdin" : $"'{path}'";
        if (!TryReadBytes(path, shown, out byte[] bytes, out problem, out warning))
        {
            return false;
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            problem = $"--header @{path}: header file {shown} is not UTF-8 text";
            return false;
        }
        return TryParseLines(path, text, headers, out problem);
    }

    /// <summary>
    /// The file's bytes, at most <see cref="MaxBytes"/>; <paramref name="warning"/> is set when a
    /// regular file can be read by its group or by others.
    /// </summary>
    private static bool TryReadBytes(string path, string shown, out byte[] bytes, out string problem, out string? warning)
    {
        warning = null;
        bytes = [];
        try
        {
            if (path == "-")
            {
                using Stream stdin = Console.OpenStandardInput();
                bytes = ReadAtMost(stdin);
            }
            else
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
                warning = ReadableByOthers(file.SafeFileHandle) is FilePermissions mode
                    ? $"header file '{path}' can be read by other users (mode {Octal(mode)}): a secret in it is not private; make it yours alone with chmod 600 '{path}'"
                    : null;
                bytes = ReadAtMost(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"--header @{path}: cannot read header file {shown}: {FileErrors.Reason(path == "-" ? null : path, e)}";
            return false;
        }
        if (bytes.Length > MaxBytes)
        {
            problem = $"--header @{path}: header file {shown} is larger than {MaxBytes >> 20} MB; a header file holds one header a line";
            return false;
        }
        problem = "";
        return true;
    }

    /// <summary>One header a line, blank lines and <c>#</c> comments skipped; a line at fault is named by its number.</summary>
    private static bool TryParseLines(string path, string text, List<HeaderField> headers, out string problem)
    {
        string[] lines = text.TrimStart('\uFEFF').Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (!HeaderField.TryParse(line, out HeaderField? header, out string reason))
            {
                problem = $"--header @{path}: line {i + 1}: {reason}";
                return false;
            }
            headers.Add(header!);
        }
        problem = "";
        return true;
    }

    /// <summary>The file's permission bits when it is a regular file that its group or others may read, else null.</summary>
    private static FilePermissions? ReadableByOthers(SafeFileHandle handle)
    {
        if (Syscall.fstat((int)handle.DangerousGetHandle(), out Stat stat) != 0
            || (stat.st_mode & FilePermissions.S_IFMT) != FilePermissions.S_IFREG)
        {
            return null;
        }
        FilePermissions mode = stat.st_mode & FilePermissions.ACCESSPERMS;
        return (mode & (FilePermissions.S_IRGRP | FilePermissions.S_IROTH)) != 0 ? mode : null;
    }

    private static string Octal(FilePermissions mode) => "0" + Convert.ToString((int)mode, 8);

    /// <summary>The stream's bytes, at most one more than <see cref="MaxBytes"/>, so that a larger file is told apart without reading it all.</summary>
    private static byte[] ReadAtMost(Stream stream)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[8192];
        int read;
        while (buffer.Length <= MaxBytes && (read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
