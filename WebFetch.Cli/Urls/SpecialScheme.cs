namespace WebFetch.Urls;

/// <summary>
/// The URL Standard's special schemes and their default ports. Only http and https are
/// fetched; the others are known so that a line using one is named as such.
/// </summary>
internal static class SpecialScheme
{
    public static bool IsSpecial(string scheme) => scheme is "http" or "https" or "ws" or "wss" or "ftp" or "file";

    public static bool IsHttp(string scheme) => scheme is "http" or "https";

    /// <summary>The default port of an http(s) scheme.</summary>
    public static int DefaultPort(string scheme) => scheme == "https" ? 443 : 80;
}
