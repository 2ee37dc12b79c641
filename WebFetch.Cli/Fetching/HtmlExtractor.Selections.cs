using AngleSharp.Dom;

namespace WebFetch.Fetching;

/// <summary>The values of the <c>--select</c> selections.</summary>
internal static partial class HtmlExtractor
{
    /// <summary>For each selection, the collapsed text (or the attribute value) of its first matches, each cut to the cap.</summary>
    private static Dictionary<string, IReadOnlyList<string>> Select(IDocument document, IReadOnlyList<SelectorSpec> selectors)
    {
        var selected = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (SelectorSpec spec in selectors)
        {
            var values = new List<string>();
            foreach (IElement element in document.QuerySelectorAll(spec.Css))
            {
                if (values.Count == SelectorSpec.MaxMatches)
                {
                    break;
                }
                string? value = spec.Attribute is null ? Collapse(element.TextContent) : element.GetAttribute(spec.Attribute)?.Trim();
                if (value is not null)
                {
                    values.Add(Cap(value, SelectorSpec.MaxValueChars)!);
                }
            }
            selected[spec.Name] = values;
        }
        return selected;
    }
}
