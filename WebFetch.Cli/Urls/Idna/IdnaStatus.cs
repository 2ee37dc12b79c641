namespace WebFetch.Urls.Idna;

/// <summary>A code point's status in the IDNA mapping table (UTS #46 section 5).</summary>
internal enum IdnaStatus : byte
{
    /// <summary>Kept as it is.</summary>
    Valid = 0,

    /// <summary>Replaced by its mapping.</summary>
    Mapped = 1,

    /// <summary>Kept in nontransitional processing (the browsers' choice), mapped in transitional processing.</summary>
    Deviation = 2,

    /// <summary>Removed.</summary>
    Ignored = 3,

    /// <summary>Not allowed in a domain name.</summary>
    Disallowed = 4,
}
