namespace WebFetch.Urls.Idna;

/// <summary>Unicode's Bidi_Class values, numbered as in <see cref="UnicodeTables.BidiClassValues"/>.</summary>
internal enum BidiClass : byte
{
    L, R, AL, EN, ES, ET, AN, CS, NSM, BN, B, S, WS, ON, LRE, LRO, RLE, RLO, PDF, LRI, RLI, FSI, PDI,
}
