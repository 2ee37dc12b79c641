namespace WebFetch.Fetching;

/// <summary>The tokens of CSS that <see cref="CssScanner"/> tells apart; everything else is <see cref="Other"/>.</summary>
internal enum CssTokenKind
{
    EndOfFile,
    Whitespace,

    /// <summary>A url-token (<c>url(x)</c> unquoted): <see cref="CssToken.Value"/> holds the URL, escapes resolved.</summary>
    Url,

    /// <summary>A string-token: <see cref="CssToken.Value"/> holds the text, escapes resolved.</summary>
    String,

    /// <summary>An at-keyword-token: <see cref="CssToken.Name"/> says which one matters.</summary>
    AtKeyword,

    /// <summary>A function-token (<c>name(</c>): <see cref="CssToken.Name"/> says which one matters.</summary>
    Function,
    OpenParen,
    CloseParen,
    OpenBrace,
    CloseBrace,
    Semicolon,

    /// <summary>A bad-url-token or bad-string-token: what a browser drops.</summary>
    Bad,
    Other,
}

/// <summary>The names of at-keywords and functions link discovery acts on.</summary>
internal enum CssName
{
    Other,

    /// <summary><c>@import</c>.</summary>
    Import,

    /// <summary><c>@font-face</c>.</summary>
    FontFace,

    /// <summary><c>url(</c> followed by a string.</summary>
    Url,

    /// <summary><c>image-set(</c> or <c>-webkit-image-set(</c>, whose strings are image URLs.</summary>
    ImageSet,
}

/// <summary>One token: its kind, where it starts in the text, and for URLs and strings, the value.</summary>
internal readonly record struct CssToken(CssTokenKind Kind, int Start, string? Value = null, CssName Name = CssName.Other);
