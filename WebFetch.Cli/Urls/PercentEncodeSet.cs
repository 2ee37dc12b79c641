namespace WebFetch.Urls;

/// <summary>
/// The URL Standard's percent-encode sets, each a superset of the one before it (the
/// special-query set adds only <c>'</c> to the query set and is used instead of it for http(s)).
/// </summary>
internal enum PercentEncodeSet
{
    /// <summary>C0 controls and every code point above U+007E.</summary>
    C0Control,

    /// <summary>C0 control set and space, <c>"</c>, <c>&lt;</c>, <c>&gt;</c>, <c>`</c>.</summary>
    Fragment,

    /// <summary>C0 control set and space, <c>"</c>, <c>#</c>, <c>&lt;</c>, <c>&gt;</c>.</summary>
    Query,

    /// <summary>Query set and <c>'</c>.</summary>
    SpecialQuery,

    /// <summary>Query set and <c>?</c>, <c>^</c>, <c>`</c>, <c>{</c>, <c>}</c>.</summary>
    Path,

    /// <summary>Path set and <c>/</c>, <c>:</c>, <c>;</c>, <c>=</c>, <c>@</c>, <c>[</c> to <c>^</c>, <c>|</c>.</summary>
    Userinfo,
}
