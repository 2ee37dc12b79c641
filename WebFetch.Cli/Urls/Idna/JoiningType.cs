namespace WebFetch.Urls.Idna;

/// <summary>Unicode's Joining_Type values, numbered as in <see cref="UnicodeTables.JoiningTypeValues"/>.</summary>
internal enum JoiningType : byte
{
    /// <summary>Non_Joining.</summary>
    U,

    /// <summary>Join_Causing.</summary>
    C,

    /// <summary>Dual_Joining.</summary>
    D,

    /// <summary>Left_Joining.</summary>
    L,

    /// <summary>Right_Joining.</summary>
    R,

    /// <summary>Transparent.</summary>
    T,
}
