namespace WebFetch.Fetching;

/// <summary>How many bytes a string takes as a JSON string in a record, at most: its UTF-8 and its escapes, the quotes counted.</summary>
internal static class JsonSize
{
    public static int Of(string? text)
    {
        if (text is null)
        {
            return 4; // null
        }
        int bytes = 2;
        foreach (char c in text)
        {
            bytes += c switch
            {
                < ' ' => 6,
                '"' or '\\' => 2,
                < '\u0080' => 1,
                < '\u0800' => 2,
                _ => 3,
            };
        }
        return bytes;
    }
}
