using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using WebFetch.Fetching;

namespace WebFetch.Cli;

/// <summary>
/// A header value from the environment, as curl 8.3 and later take one:
/// <c>--variable %TOKEN</c> imports the environment variable TOKEN (a usage error when it is
/// unset or empty; <c>%TOKEN=text</c> gives a default, <c>name=text</c> a plain value), and
/// <c>--expand-header 'Authorization: Bearer {{TOKEN}}'</c> puts it in a header, so that the
/// secret is in no process's command line. <c>{{name:fn:fn}}</c> applies curl's functions in
/// order: <c>trim</c>, <c>json</c>, <c>url</c>, <c>b64</c>; <c>\{{</c> is a literal <c>{{</c>.
/// </summary>
internal static class HeaderVariables
{
    /// <summary>
    /// The headers of <paramref name="templates"/> with the variables of
    /// <paramref name="definitions"/> put in, or the problems, each naming the option and the
    /// variable or header, never a value.
    /// </summary>
    public static List<HeaderField> Expand(
        IReadOnlyList<string> definitions, IReadOnlyList<string> templates, Func<string, string?> environment, List<string> problems)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string definition in definitions)
        {
            if (Define(definition, environment, out string name, out string? problem) is string value)
            {
                variables[name] = value;
            }
            else
            {
                problems.Add(problem!);
            }
        }
        var headers = new List<HeaderField>();
        foreach (string template in templates)
        {
            if (!TryExpand(template, variables, out string text, out string problem))
            {
                problems.Add($"--expand-header: {problem}");
            }
            else if (HeaderField.TryParse(text, out HeaderField? header, out problem))
            {
                headers.Add(header!);
            }
            else
            {
                problems.Add($"--expand-header: {problem}");
            }
        }
        return headers;
    }

    /// <summary>One <c>--variable</c>: <c>%NAME</c>, <c>%NAME=default</c> or <c>name=text</c>. Null and a problem when it cannot be defined.</summary>
    internal static string? Define(string definition, Func<string, string?> environment, out string name, out string? problem)
    {
        bool imported = definition.StartsWith('%');
        string body = imported ? definition[1..] : definition;
        int equals = body.IndexOf('=', StringComparison.Ordinal);
        name = equals < 0 ? body : body[..equals];
        string? fallback = equals < 0 ? null : body[(equals + 1)..];
        problem = null;
        if (!IsName(name))
        {
            problem = $"--variable: '{name}' is not a variable name (letters, digits and _ only); the form is %NAME, %NAME=default or name=text";
            return null;
        }
        if (!imported)
        {
            if (fallback is null)
            {
                problem = $"--variable {name}: give a value (name=text) or import it from the environment (%{name})";
            }
            return fallback;
        }
        string? value = environment(name);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }
        if (fallback is null)
        {
            problem = $"--variable %{name}: the environment variable {name} is {(value is null ? "not set" : "empty")}";
        }
        return fallback;
    }

    /// <summary>Puts the variables in <paramref name="template"/>; false and a problem for an undefined variable or an unknown function.</summary>
    internal static bool TryExpand(string template, IReadOnlyDictionary<string, string> variables, out string expanded, out string problem)
    {
        var text = new StringBuilder(template.Length);
        problem = "";
        int i = 0;
        while (i < template.Length)
        {
            if (template[i] == '\\' && string.CompareOrdinal(template, i + 1, "{{", 0, 2) == 0)
            {
                text.Append("{{");
                i += 3;
                continue;
            }
            int close = string.CompareOrdinal(template, i, "{{", 0, 2) == 0 ? template.IndexOf("}}", i + 2, StringComparison.Ordinal) : -1;
            string[] parts = close < 0 ? [] : template[(i + 2)..close].Split(':');
            if (parts.Length == 0 || !IsName(parts[0]))
            {
                text.Append(template[i]);
                i++;
                continue;
            }
            if (!variables.TryGetValue(parts[0], out string? value))
            {
                problem = $"'{{{{{parts[0]}}}}}' names no variable: define it with --variable %{parts[0]} (from the environment) first";
                expanded = "";
                return false;
            }
            foreach (string function in parts.Skip(1))
            {
                if (Apply(function, value) is not string applied)
                {
                    problem = $"'{function}' in '{{{{{string.Join(':', parts)}}}}}' is not a function: trim, json, url or b64";
                    expanded = "";
                    return false;
                }
                value = applied;
            }
            text.Append(value);
            i = close + 2;
        }
        expanded = text.ToString();
        return true;
    }

    private static string? Apply(string function, string value) => function switch
    {
        "trim" => value.Trim(),
        "json" => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
        "url" => Uri.EscapeDataString(value),
        "b64" => Convert.ToBase64String(Encoding.UTF8.GetBytes(value)),
        _ => null,
    };

    private static bool IsName(string text) => text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
