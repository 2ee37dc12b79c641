namespace WebFetch.Urls;

/// <summary>The states of the URL Standard's basic URL parser that special URLs go through.</summary>
internal enum UrlParserState
{
    SchemeStart,
    Scheme,
    NoScheme,
    SpecialRelativeOrAuthority,
    Relative,
    RelativeSlash,
    SpecialAuthoritySlashes,
    SpecialAuthorityIgnoreSlashes,
    Authority,
    Host,
    Port,
    PathStart,
    Path,
    Query,
    Fragment,
}
