using System.Text;

namespace WebFetch.Fetching;

/// <summary>
/// The HTML standard's "get an attribute" for the encoding prescan
/// (https://html.spec.whatwg.org/multipage/parsing.html#concept-get-attributes-when-sniffing):
/// reads one attribute of a tag from raw bytes, as <see cref="MetaPrescan"/> walks the tags.
/// </summary>
internal static class PrescanAttribute
{
    /// <summary>The standard's "get an attribute": a lower-case name and value, or null at the tag's end.</summary>
    public static (string Name, string Value)? Read(ReadOnlySpan<byte> input, ref int position)
    {
        // Steps 1 and 2: skip white space and slashes; a '>' ends the tag.
        while (position < input.Length && (MetaPrescan.IsSpace(input[position]) || input[position] == '/'))
        {
            position++;
        }
        if (position >= input.Length || input[position] == '>')
        {
            return null;
        }
        var name = new StringBuilder();
        return ReadAttributeName(input, ref position, name) switch
        {
            null => null,
            false => (name.ToString(), ""),
            true => ReadAttributeValue(input, ref position, name.ToString()),
        };
    }

    /// <summary>
    /// Steps 4 to 8 of "get an attribute": the name, lower-cased, up to an '=' (true: a value
    /// follows, the position is past the '='), or up to white space, '/' or '>' with no '='
    /// after it (false: the value is empty); null when the input ends first.
    /// </summary>
    private static bool? ReadAttributeName(ReadOnlySpan<byte> input, ref int position, StringBuilder name)
    {
        while (true)
        {
            if (position >= input.Length)
            {
                return null;
            }
            byte b = input[position];
            if (b == '=' && name.Length > 0)
            {
                position++;
                return true;
            }
            if (MetaPrescan.IsSpace(b))
            {
                while (position < input.Length && MetaPrescan.IsSpace(input[position]))
                {
                    position++;
                }
                if (position >= input.Length || input[position] != '=')
                {
                    return false;
                }
                position++;
                return true;
            }
            if (b is (byte)'/' or (byte)'>')
            {
                return false;
            }
            name.Append(MetaPrescan.Lower(b));
            position++;
        }
    }

    /// <summary>
    /// Steps 9 to 12 of "get an attribute": the value, lower-cased, quoted or up to white space
    /// or '>'; null when the input ends first.
    /// </summary>
    private static (string Name, string Value)? ReadAttributeValue(ReadOnlySpan<byte> input, ref int position, string name)
    {
        while (position < input.Length && MetaPrescan.IsSpace(input[position]))
        {
            position++;
        }
        if (position >= input.Length)
        {
            return null;
        }
        var value = new StringBuilder();
        byte first = input[position];
        if (first is (byte)'"' or (byte)'\'')
        {
            position++;
            while (true)
            {
                if (position >= input.Length)
                {
                    return null;
                }
                byte b = input[position++];
                if (b == first)
                {
                    return (name, value.ToString());
                }
                value.Append(MetaPrescan.Lower(b));
            }
        }
        if (first == '>')
        {
            return (name, "");
        }
        while (position < input.Length && !MetaPrescan.IsSpace(input[position]) && input[position] != '>')
        {
            value.Append(MetaPrescan.Lower(input[position++]));
        }
        return position < input.Length ? (name, value.ToString()) : null;
    }
}
