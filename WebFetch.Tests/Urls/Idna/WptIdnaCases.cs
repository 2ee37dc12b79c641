using System.Text.Json;
using Xunit;

namespace WebFetch.Tests.Urls.Idna;

/// <summary>One entry of web-platform-tests' IDNA data: an input domain and the ASCII host expected, or null for failure.</summary>
internal sealed record WptIdnaCase(string Input, string? Output, string? Comment);

/// <summary>Reads the vendored web-platform-tests IDNA files from the test output directory (Urls/Data).</summary>
internal static class WptIdnaCases
{
    private static readonly Dictionary<string, IReadOnlyList<WptIdnaCase>> Loaded = [];
    private static readonly Lock Gate = new();

    public static IReadOnlyList<WptIdnaCase> Load(string fileName)
    {
        lock (Gate)
        {
            if (Loaded.TryGetValue(fileName, out IReadOnlyList<WptIdnaCase>? cached))
            {
                return cached;
            }
            string path = Path.Combine(AppContext.BaseDirectory, "Urls", "Data", fileName);
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            var cases = new List<WptIdnaCase>();
            foreach (JsonElement entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    continue; // the files open with comment strings
                }
                JsonElement output = entry.GetProperty("output");
                cases.Add(new WptIdnaCase(
                    Unescape(entry.GetProperty("input")),
                    output.ValueKind == JsonValueKind.Null ? null : Unescape(output),
                    entry.TryGetProperty("comment", out JsonElement comment) ? comment.GetString() : null));
            }
            Loaded[fileName] = cases;
            return cases;
        }
    }

    /// <summary>
    /// A JSON string's value, unescaped here because the data holds lone surrogates ("a\\ud900z"),
    /// which System.Text.Json refuses to turn into a string.
    /// </summary>
    private static string Unescape(JsonElement element)
    {
        string raw = element.GetRawText();
        var builder = new System.Text.StringBuilder(raw.Length);
        for (int i = 1; i < raw.Length - 1; i++)
        {
            char c = raw[i];
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            char escape = raw[++i];
            switch (escape)
            {
                case 'u':
                    builder.Append((char)Convert.ToInt32(raw.Substring(i + 1, 4), 16));
                    i += 4;
                    break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                default: builder.Append(escape); break;
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Theory data: the index of every case of <paramref name="fileName"/> but those with an empty input,
    /// which web-platform-tests skips too (a URL cannot have an empty host to give to domain to ASCII).
    /// </summary>
    public static TheoryData<int> Indexes(string fileName)
    {
        var data = new TheoryData<int>();
        IReadOnlyList<WptIdnaCase> cases = Load(fileName);
        for (int i = 0; i < cases.Count; i++)
        {
            if (cases[i].Input.Length > 0)
            {
                data.Add(i);
            }
        }
        return data;
    }

    /// <summary>Asserts that a conversion of <paramref name="test"/> agrees with its expected host or failure.</summary>
    public static void AssertAgrees(string file, WptIdnaCase test, bool converted, string? ascii, string? error)
    {
        string actual = converted ? ascii! : "(failure: " + error + ")";
        string context = $"{file} input {Escape(test.Input)} [{test.Comment}]: expected {Escape(test.Output)}, got {Escape(actual)}";
        Assert.True(converted == (test.Output is not null), context);
        if (test.Output is not null)
        {
            Assert.True(test.Output == ascii, context);
        }
    }

    /// <summary>For a failure message: the text with every non-ASCII or control character as \uXXXX.</summary>
    public static string Escape(string? text)
    {
        if (text is null)
        {
            return "(failure)";
        }
        var builder = new System.Text.StringBuilder();
        foreach (char c in text)
        {
            if (c is >= ' ' and < (char)0x7F)
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
        }
        return builder.ToString();
    }
}
