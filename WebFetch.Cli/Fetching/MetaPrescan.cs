using System.Text;

namespace WebFetch.Fetching;

/// <summary>
/// The HTML standard's "prescan a byte stream to determine its encoding": looks through the
/// first 1,024 bytes for a <c>&lt;meta charset&gt;</c>, or a <c>&lt;meta http-equiv=content-type
/// content="...; charset=..."&gt;</c>, skipping comments and the attributes of other tags, the
/// way a browser does before it decodes a page that neither a BOM nor the Content-Type names
/// an encoding for.
/// </summary>
internal static class MetaPrescan
{
    /// <summary>How far the prescan looks, as the standard says.</summary>
    public const int Window = 1024;

    /// <summary>The encoding the first qualifying meta names, or null (none, or none webfetch decodes).</summary>
    public static WebEncoding? FindEncoding(ReadOnlySpan<byte> body)
    {
        ReadOnlySpan<byte> input = body.Length > Window ? body[..Window] : body;
        int position = 0;
        while (position < input.Length)
        {
            ReadOnlySpan<byte> rest = input[position..];
            if (rest.StartsWith("<!--"u8))
            {
                int end = rest[2..].IndexOf("-->"u8); // "<!-->" is a whole comment
                if (end < 0)
                {
                    return null;
                }
                position += 2 + end + 3;
                continue;
            }
            if (rest.Length > 5 && StartsWithIgnoreCase(rest, "<meta"u8) && (IsSpace(rest[5]) || rest[5] == '/'))
            {
                position += 6;
                if (ReadMeta(input, ref position) is { } encoding)
                {
                    return encoding;
                }
                continue;
            }
            if (rest.Length > 1 && rest[0] == '<' && (IsLetter(rest[1]) || (rest[1] == '/' && rest.Length > 2 && IsLetter(rest[2]))))
            {
                // another tag: skip its name and attributes, so a "<meta" inside a value is not taken
                position += rest[1] == '/' ? 2 : 1;
                while (position < input.Length && !IsSpace(input[position]) && input[position] != '>')
                {
                    position++;
                }
                while (PrescanAttribute.Read(input, ref position) is not null)
                {
                }
                continue;
            }
            if (rest.Length > 1 && rest[0] == '<' && rest[1] is (byte)'!' or (byte)'/' or (byte)'?')
            {
                int close = rest.IndexOf((byte)'>');
                if (close < 0)
                {
                    return null;
                }
                position += close + 1;
                continue;
            }
            position++;
        }
        return null;
    }

    /// <summary>The attributes of one meta tag; the encoding it declares, when it qualifies.</summary>
    private static WebEncoding? ReadMeta(ReadOnlySpan<byte> input, ref int position)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool gotPragma = false;
        bool? needPragma = null;
        string? charset = null;
        while (PrescanAttribute.Read(input, ref position) is (string name, string value))
        {
            if (!seen.Add(name))
            {
                continue;
            }
            switch (name)
            {
                case "http-equiv" when value == "content-type":
                    gotPragma = true;
                    break;
                case "content" when charset is null && CharsetInContent(value) is { } fromContent:
                    charset = fromContent;
                    needPragma = true;
                    break;
                case "charset" when charset is null:
                    charset = value;
                    needPragma = false;
                    break;
            }
        }
        if (needPragma is null || (needPragma == true && !gotPragma) || charset is null)
        {
            return null;
        }
        // An unknown label: this meta does not count, a later one may. UTF-16 and x-user-defined
        // become UTF-8 and windows-1252, as the standard says.
        return Charsets.ForMeta(charset);
    }

    /// <summary>The standard's "extract a character encoding from a meta element" (the content attribute, lower-cased).</summary>
    internal static string? CharsetInContent(string content)
    {
        int from = 0;
        while (true)
        {
            int at = content.IndexOf("charset", from, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }
            int i = at + "charset".Length;
            while (i < content.Length && IsSpace((byte)content[i]))
            {
                i++;
            }
            if (i >= content.Length || content[i] != '=')
            {
                from = i; // "charset" not followed by "=": look again from here
                continue;
            }
            i++;
            while (i < content.Length && IsSpace((byte)content[i]))
            {
                i++;
            }
            if (i >= content.Length)
            {
                return null;
            }
            if (content[i] is '"' or '\'')
            {
                int close = content.IndexOf(content[i], i + 1);
                return close < 0 ? null : content[(i + 1)..close];
            }
            int end = i;
            while (end < content.Length && content[end] != ';' && !IsSpace((byte)content[end]))
            {
                end++;
            }
            return end > i ? content[i..end] : null;
        }
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> lowerPrefix)
    {
        for (int i = 0; i < lowerPrefix.Length; i++)
        {
            if (Lower(bytes[i]) != lowerPrefix[i])
            {
                return false;
            }
        }
        return true;
    }

    internal static bool IsSpace(byte b) => b is 0x09 or 0x0A or 0x0C or 0x0D or 0x20;

    private static bool IsLetter(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z';

    internal static char Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (char)(b + 32) : (char)b;
}
