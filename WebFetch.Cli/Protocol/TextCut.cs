namespace WebFetch.Protocol;

/// <summary>Shortens text that goes into a record, never splitting a surrogate pair.</summary>
internal static class TextCut
{
    public static string Shorten(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }
        int cut = char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars;
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
