using System.Net.Http;

namespace WebFetch.Fetching;

/// <summary>One extra request header from <c>-H "Name: value"</c>.</summary>
internal sealed record HeaderField(string Name, string Value)
{
    /// <summary>
    /// Parses <c>Name: value</c>. The name must be an HTTP token and a request header
    /// (content headers such as Content-Type describe a body, and a GET has none); the value
    /// must hold no control characters. On failure <paramref name="problem"/> says why.
    /// </summary>
    public static bool TryParse(string text, out HeaderField? header, out string problem)
    {
        header = null;
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            problem = "a header must look like 'Name: value', and this one has no name before a colon"; // not quoted: it may be a secret
            return false;
        }
        string name = text[..colon].Trim();
        string value = text[(colon + 1)..].Trim(' ', '\t');
        if (name.Length == 0 || !name.All(IsTokenChar))
        {
            problem = $"header name '{name}' is not a valid HTTP header name";
            return false;
        }
        if (value.Any(c => c is '\r' or '\n' or '\0' || (char.IsControl(c) && c != '\t')))
        {
            problem = $"the value of header '{name}' holds a control character";
            return false;
        }
        using var probe = new HttpRequestMessage();
        if (!probe.Headers.TryAddWithoutValidation(name, value))
        {
            problem = $"header '{name}' describes a request body and a GET has none; it is not allowed";
            return false;
        }
        header = new HeaderField(name, value);
        problem = "";
        return true;
    }

    /// <summary>
    /// <c>Name: value</c>, with the value of a credential header (<c>Authorization</c>,
    /// <c>Proxy-Authorization</c>, <c>Cookie</c>) masked: a header printed by mistake, or inside
    /// the options it belongs to, shows no secret.
    /// </summary>
    public override string ToString() =>
        Name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || Name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || Name.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
            ? $"{Name}: ***"
            : $"{Name}: {Value}";

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
