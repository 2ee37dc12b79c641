using System.Text;

namespace WebFetch.Fetching;

/// <summary>
/// The links of CSS, from the tokens of <see cref="CssScanner"/>: every <c>url()</c> (kind
/// <c>font</c> inside <c>@font-face</c>, <c>image</c> elsewhere), the strings of
/// <c>image-set()</c>, and <c>@import "..."</c> or <c>@import url(...)</c> (kind
/// <c>stylesheet</c>). The same scan reads CSS files, <c>&lt;style&gt;</c> elements and style
/// attributes.
/// </summary>
internal static class CssLinks
{
    /// <summary>
    /// Adds the links of <paramref name="css"/> to <paramref name="links"/> with <paramref name="tag"/>,
    /// each at <paramref name="offset"/> when given (a style element's or attribute's element),
    /// else at its own token's offset in <paramref name="css"/> (of the <c>@import</c> for an import).
    /// </summary>
    public static void Scan(ReadOnlySpan<char> css, string tag, int? offset, LinkCollector links, StringBuilder buffer)
    {
        var scanner = new CssScanner(css, buffer);
        var state = new ScanState();
        while (!links.IsFull)
        {
            CssToken token = scanner.Read();
            switch (token.Kind)
            {
                case CssTokenKind.EndOfFile:
                    return;
                case CssTokenKind.Whitespace:
                    break;
                case CssTokenKind.AtKeyword:
                    state.Import = token.Name == CssName.Import ? token.Start : -1;
                    state.FontFacePending = token.Name == CssName.FontFace;
                    break;
                case CssTokenKind.Url:
                    links.Add(new RawLink(token.Value!, state.KindHere(), tag, offset ?? state.OffsetOf(token), null));
                    state.Import = -1;
                    break;
                case CssTokenKind.String:
                    if (state.UrlFunction >= 0 || state.Import >= 0 || state.ImageSetDepth >= 0)
                    {
                        int at = state.Import >= 0 ? state.Import : state.UrlFunction >= 0 ? state.UrlFunction : token.Start;
                        links.Add(new RawLink(token.Value!, state.KindHere(), tag, offset ?? at, null));
                    }
                    state.Import = -1;
                    state.UrlFunction = -1;
                    break;
                case CssTokenKind.Function:
                    state.Parens++;
                    state.UrlFunction = token.Name == CssName.Url ? token.Start : -1;
                    if (token.Name == CssName.ImageSet && state.ImageSetDepth < 0)
                    {
                        state.ImageSetDepth = state.Parens;
                    }
                    break;
                default:
                    state.After(token.Kind);
                    break;
            }
        }
    }

    /// <summary>Where the scan is: inside which blocks and functions, and what the last tokens began.</summary>
    private struct ScanState()
    {
        public int Braces;
        public int FontFaceDepth = -1;
        public bool FontFacePending;
        public int Parens;
        public int ImageSetDepth = -1;

        /// <summary>The offset of the <c>@import</c> whose URL comes next, or -1.</summary>
        public int Import = -1;

        /// <summary>The offset of the <c>url(</c> whose string comes next, or -1.</summary>
        public int UrlFunction = -1;

        public readonly string KindHere() =>
            Import >= 0 ? LinkKind.Stylesheet : FontFaceDepth >= 0 ? LinkKind.Font : LinkKind.Image;

        public readonly int OffsetOf(CssToken token) => Import >= 0 ? Import : token.Start;

        public void After(CssTokenKind kind)
        {
            switch (kind)
            {
                case CssTokenKind.OpenBrace:
                    Braces++;
                    if (FontFacePending && FontFaceDepth < 0)
                    {
                        FontFaceDepth = Braces;
                    }
                    break;
                case CssTokenKind.CloseBrace:
                    if (Braces == FontFaceDepth)
                    {
                        FontFaceDepth = -1;
                    }
                    Braces = Math.Max(0, Braces - 1);
                    (Parens, ImageSetDepth) = (0, -1);
                    break;
                case CssTokenKind.OpenParen:
                    Parens++;
                    break;
                case CssTokenKind.CloseParen:
                    if (Parens == ImageSetDepth)
                    {
                        ImageSetDepth = -1;
                    }
                    Parens = Math.Max(0, Parens - 1);
                    break;
            }
            FontFacePending &= kind != CssTokenKind.Semicolon && kind != CssTokenKind.OpenBrace && kind != CssTokenKind.CloseBrace;
            Import = -1;
            UrlFunction = -1;
        }
    }
}
