using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WebFetch.Tests.Urls;

/// <summary>
/// web-platform-tests' <c>urltestdata.json</c> (in Data/), reduced to the entries that say
/// something about http(s) URLs: those whose input is absolute (its result does not depend on
/// the base) and those resolved against an http(s) base, as a redirect's Location is.
/// </summary>
internal static partial class UrlTestData
{
    private static readonly Lazy<List<UrlTestCase>> All = new(Load);

    /// <summary>The relevant entries, numbered in file order.</summary>
    public static IReadOnlyList<UrlTestCase> Relevant => All.Value;

    /// <summary>The entries whose input is an absolute URL that a line of input can hold (no line break, valid UTF-8).</summary>
    public static IEnumerable<UrlTestCase> AbsoluteLines =>
        Relevant.Where(c => c.IsAbsolute && !c.Input.AsSpan().ContainsAny('\n', '\r') && !HasLoneSurrogate(c.Input)
            && c.Input.AsSpan().Trim(C0ControlOrSpace).Length > 0 && c.Input.AsSpan().Trim(C0ControlOrSpace)[0] != '#');

    public static string DataPath => Path.Combine(AppContext.BaseDirectory, "Urls", "Data", "urltestdata.json");

    private static readonly string C0ControlOrSpace = string.Concat(Enumerable.Range(0, 0x21).Select(i => (char)i));

    private static List<UrlTestCase> Load()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(DataPath));
        var cases = new List<UrlTestCase>();
        int number = 0;
        foreach (JsonElement entry in document.RootElement.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                continue; // a comment
            }
            number++;
            string input = entry.GetProperty("input").GetString()!;
            string? baseUrl = entry.TryGetProperty("base", out JsonElement b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
            bool httpBase = baseUrl is not null && (baseUrl.StartsWith("http:", StringComparison.Ordinal) || baseUrl.StartsWith("https:", StringComparison.Ordinal));
            bool absolute = IsIndependentOfBase(input, baseUrl);
            if (!absolute && !httpBase)
            {
                continue;
            }
            bool failure = entry.TryGetProperty("failure", out JsonElement f) && f.GetBoolean();
            string? Field(string name) => entry.TryGetProperty(name, out JsonElement v) ? v.GetString() : null;
            string? protocol = failure ? null : Field("protocol");
            bool http = protocol is "http:" or "https:";
            cases.Add(new UrlTestCase(
                number, input, httpBase ? baseUrl : null, absolute,
                http ? new ExpectedUrl(Field("href")!, Field("protocol")!, Field("username")!, Field("password")!, Field("host")!,
                    Field("hostname")!, Field("port")!, Field("pathname")!, Field("search")!, Field("hash")!) : null));
        }
        return cases;
    }

    /// <summary>
    /// Whether the input names its own scheme and does not use the base: no base, another
    /// scheme than the base's, or a special scheme followed by two slashes (either kind).
    /// </summary>
    private static bool IsIndependentOfBase(string input, string? baseUrl)
    {
        if (baseUrl is null)
        {
            return true;
        }
        string text = input.AsSpan().Trim(C0ControlOrSpace).ToString().Replace("\t", "", StringComparison.Ordinal)
            .Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        Match scheme = SchemePattern().Match(text);
        if (!scheme.Success)
        {
            return false;
        }
        string name = scheme.Groups[1].Value.ToLowerInvariant();
        string baseScheme = baseUrl[..Math.Max(0, baseUrl.IndexOf(':', StringComparison.Ordinal))].ToLowerInvariant();
        if (name != baseScheme)
        {
            return true;
        }
        bool special = name is "http" or "https" or "ws" or "wss" or "ftp";
        string rest = text[scheme.Length..];
        return !special || (rest.Length >= 2 && rest[0] is '/' or '\\' && rest[1] is '/' or '\\');
    }

    /// <summary>Whether the text holds a surrogate without its pair, which no line of UTF-8 can hold.</summary>
    internal static bool HasLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The input with non-ASCII and control characters as <c>\uXXXX</c>, for test names and messages.</summary>
    public static string Escape(string text)
    {
        var output = new StringBuilder();
        foreach (char c in text)
        {
            if (c is < ' ' or > '~')
            {
                output.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                output.Append(c);
            }
        }
        return output.ToString();
    }

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*):")]
    private static partial Regex SchemePattern();
}
