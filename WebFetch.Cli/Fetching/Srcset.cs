using System.Globalization;

namespace WebFetch.Fetching;

/// <summary>
/// The URLs of a <c>srcset</c> attribute, as the HTML standard's "parse a srcset attribute"
/// finds its image candidates: candidates are separated by commas, a URL runs to the next
/// ASCII whitespace (so it may hold commas) less any trailing commas, and its descriptors
/// follow it up to the next comma outside parentheses. A candidate whose descriptors are
/// invalid (two widths, a width and a density, a height without a width, a number that does
/// not parse) is dropped, as a browser drops it.
/// </summary>
internal static class Srcset
{
    /// <summary>Calls <paramref name="add"/> with each candidate's URL, in order.</summary>
    public static void ForEachUrl<TState>(string input, TState state, Action<TState, string> add)
    {
        int position = 0;
        var descriptors = new List<string>();
        while (true)
        {
            while (position < input.Length && (IsWhitespace(input[position]) || input[position] == ','))
            {
                position++;
            }
            if (position >= input.Length)
            {
                return;
            }
            int start = position;
            while (position < input.Length && !IsWhitespace(input[position]))
            {
                position++;
            }
            int end = position;
            descriptors.Clear();
            if (input[end - 1] == ',')
            {
                while (end > start && input[end - 1] == ',')
                {
                    end--;
                }
            }
            else
            {
                position = ReadDescriptors(input, position, descriptors);
            }
            if (end > start && DescriptorsAreValid(descriptors))
            {
                add(state, input[start..end]);
            }
        }
    }

    /// <summary>The standard's descriptor tokenizer: from after the URL to past the comma that ends the candidate.</summary>
    private static int ReadDescriptors(string input, int position, List<string> descriptors)
    {
        while (position < input.Length && IsWhitespace(input[position]))
        {
            position++;
        }
        int start = position;
        bool inParens = false;
        for (; position < input.Length; position++)
        {
            char c = input[position];
            if (inParens)
            {
                inParens = c != ')';
            }
            else if (IsWhitespace(c) || c == ',')
            {
                if (position > start)
                {
                    descriptors.Add(input[start..position]);
                }
                if (c == ',')
                {
                    return position + 1;
                }
                start = position + 1;
            }
            else if (c == '(')
            {
                inParens = true;
            }
        }
        if (position > start)
        {
            descriptors.Add(input[start..position]);
        }
        return position;
    }

    /// <summary>The standard's descriptor parser: at most one width or one density, a height only with a width.</summary>
    private static bool DescriptorsAreValid(List<string> descriptors)
    {
        bool width = false, density = false, height = false;
        foreach (string descriptor in descriptors)
        {
            char last = descriptor[^1];
            string number = descriptor[..^1];
            switch (last)
            {
                case 'w' when !width && !density && IsPositiveInteger(number):
                    width = true;
                    break;
                case 'x' when !width && !density && !height && IsNonNegativeFloat(number):
                    density = true;
                    break;
                case 'h' when !height && !density && IsPositiveInteger(number):
                    height = true;
                    break;
                default:
                    return false;
            }
        }
        return !height || width;
    }

    private static bool IsPositiveInteger(string text) =>
        text.Length > 0 && text.All(char.IsAsciiDigit) && text.Any(c => c != '0');

    /// <summary>A valid floating-point number of the HTML standard (digits, an optional fraction and exponent, an optional leading minus), not below zero.</summary>
    private static bool IsNonNegativeFloat(string text)
    {
        if (text.Length == 0 || text[0] == '+' || text[^1] == '.' || text[0] == '.' && text.Length == 1
            || text.Any(c => !(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '-' or '+')))
        {
            return false;
        }
        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out double value) && value >= 0 && !double.IsInfinity(value);
    }

    /// <summary>ASCII whitespace: tab, line feed, form feed, carriage return, space.</summary>
    internal static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';
}
