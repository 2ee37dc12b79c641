namespace WebFetch.Fetching;

/// <summary>The names of the <see cref="ResponseFields"/> as <c>--fields</c> takes them, which are also their names in the record.</summary>
internal static class ResponseFieldNames
{
    /// <summary>Every field by name, in the order <c>--help</c> and the errors list them; <c>all</c> last.</summary>
    public static readonly IReadOnlyList<(string Name, ResponseFields Field)> Names =
    [
        ("ip", ResponseFields.Ip),
        ("port", ResponseFields.Port),
        ("http_version", ResponseFields.HttpVersion),
        ("headers", ResponseFields.Headers),
        ("timing", ResponseFields.Timing),
        ("redirects", ResponseFields.Redirects),
        ("body_sha256", ResponseFields.BodySha256),
        ("tls", ResponseFields.Tls),
        ("all", ResponseFields.All),
    ];

    /// <summary>The names, comma-separated, as an error lists them.</summary>
    public static string List => string.Join(", ", Names.Select(n => n.Name));

    /// <summary>
    /// Adds the fields of a comma-separated list (<c>ip,port</c>) to <paramref name="fields"/>;
    /// false, with <paramref name="problem"/> naming the first unknown or empty name and the valid ones, when one is not a field.
    /// </summary>
    public static bool TryAdd(string list, ref ResponseFields fields, out string problem)
    {
        foreach (string part in list.Split(','))
        {
            string name = part.Trim();
            (string Name, ResponseFields Field) known = Names.FirstOrDefault(n => n.Name == name);
            if (known.Name is null)
            {
                problem = name.Length == 0
                    ? $"--fields: an empty name in '{list}'; the fields are {List}"
                    : $"--fields: unknown field '{name}'; the fields are {List}";
                return false;
            }
            fields |= known.Field;
        }
        problem = "";
        return true;
    }

    /// <summary>Whether <paramref name="name"/> is a header name as <c>-H</c> takes one (an HTTP token), for <c>--header-out</c>.</summary>
    public static bool IsHeaderName(string? name) =>
        name is not null && !name.Contains(':', StringComparison.Ordinal) && HeaderField.TryParse($"{name}: x", out HeaderField? parsed, out _) && parsed!.Name == name;
}
