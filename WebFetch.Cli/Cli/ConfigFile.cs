using System.Text;
using Mono.Unix.Native;
using WebFetch.Input;

namespace WebFetch.Cli;

/// <summary>
/// A config file: options read before the command line, one a line, with the command line's
/// names (<c>workers = 4</c>, <c>--workers 4</c>, <c>insecure</c>, <c>header = "X-Team: a"</c>);
/// blank lines and lines starting with <c>#</c> are skipped; a value may be put in double
/// quotes, inside which <c>\"</c> and <c>\\</c> stand for themselves. <c>--config FILE</c>
/// (<c>-K</c>, as curl's) names it; else <c>$XDG_CONFIG_HOME/webfetch/config</c>
/// (<c>~/.config/webfetch/config</c>) is read when it exists. A file that another user can
/// write to, or owns, is refused: it would choose this user's options, a proxy among them.
/// </summary>
internal static class ConfigFile
{
    /// <summary>The largest config file read.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>One option of the file: its line number, its name with the dashes and its value, if any.</summary>
    internal sealed record Entry(int Line, string Name, string? Value);

    /// <summary>The default place: <c>$XDG_CONFIG_HOME/webfetch/config</c>, else <c>~/.config/webfetch/config</c>; null when neither can be told.</summary>
    public static string? DefaultPath()
    {
        string? config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config) || !Path.IsPathRooted(config))
        {
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home))
            {
                return null;
            }
            config = Path.Combine(home, ".config");
        }
        return Path.Combine(config, "webfetch", "config");
    }

    /// <summary>Reads and parses <paramref name="path"/>; throws <see cref="ConfigException"/> with the file and line at fault.</summary>
    public static IReadOnlyList<Entry> Read(string path)
    {
        string text;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            CheckOwnership(path, file);
            var bytes = new byte[MaxBytes + 1];
            int length = file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (length > MaxBytes)
            {
                throw new ConfigException($"config file '{path}' is larger than {MaxBytes >> 20} MB");
            }
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot read config file '{path}': {FileErrors.Reason(path, e)}");
        }
        catch (DecoderFallbackException)
        {
            throw new ConfigException($"config file '{path}' is not UTF-8 text");
        }
        return Parse(path, text);
    }

    /// <summary>The entries of a config file's text; throws <see cref="ConfigException"/> naming the line at fault.</summary>
    public static IReadOnlyList<Entry> Parse(string path, string text)
    {
        var entries = new List<Entry>();
        string[] lines = text.TrimStart('\uFEFF').Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            int end = line.IndexOfAny([' ', '\t', '=']);
            string name = end < 0 ? line : line[..end];
            string rest = end < 0 ? "" : line[end..].TrimStart(' ', '\t');
            if (rest.StartsWith('='))
            {
                rest = rest[1..].TrimStart(' ', '\t');
            }
            if (name.TrimStart('-').Length == 0)
            {
                throw new ConfigException($"{path}:{i + 1}: an option name is missing");
            }
            string option = name.StartsWith('-') ? name : (name.Length == 1 ? "-" : "--") + name;
            entries.Add(new Entry(i + 1, option, rest.Length == 0 ? null : Unquote(path, i + 1, rest)));
        }
        return entries;
    }

    /// <summary>A value as written, or the text inside its double quotes with <c>\"</c> and <c>\\</c> unescaped.</summary>
    private static string Unquote(string path, int line, string value)
    {
        if (!value.StartsWith('"'))
        {
            return value;
        }
        var text = new StringBuilder();
        for (int i = 1; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '"')
            {
                if (value[(i + 1)..].Trim().Length > 0)
                {
                    throw new ConfigException($"{path}:{line}: text after the closing quote");
                }
                return text.ToString();
            }
            if (c == '\\' && i + 1 < value.Length && value[i + 1] is '"' or '\\')
            {
                c = value[++i];
            }
            text.Append(c);
        }
        throw new ConfigException($"{path}:{line}: a quote is not closed");
    }

    /// <summary>Refuses a file that another user owns or may write: it would choose this user's options.</summary>
    private static void CheckOwnership(string path, FileStream file)
    {
        if (Syscall.fstat((int)file.SafeFileHandle.DangerousGetHandle(), out Stat stat) != 0)
        {
            return;
        }
        if (stat.st_uid != Syscall.geteuid() && stat.st_uid != 0)
        {
            throw new ConfigException($"config file '{path}' belongs to another user (uid {stat.st_uid}): not read");
        }
        bool regular = (stat.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFREG; // --config /dev/null reads nothing
        if (regular && (stat.st_mode & (FilePermissions.S_IWGRP | FilePermissions.S_IWOTH)) != 0)
        {
            throw new ConfigException($"config file '{path}' can be changed by other users (mode 0{Convert.ToString((int)(stat.st_mode & FilePermissions.ACCESSPERMS), 8)}): not read; chmod go-w '{path}'");
        }
    }
}
