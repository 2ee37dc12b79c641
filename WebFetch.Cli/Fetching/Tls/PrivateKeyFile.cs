namespace WebFetch.Fetching.Tls;

/// <summary>
/// The file that holds the client certificate's private key (<c>--key</c>, else <c>--cert</c>),
/// and the warning, as ssh gives it, when its group or others may read it. A warning, not a
/// refusal: curl uses such a file without a word, and a key shared on purpose (a CI runner's
/// group) still works; the warning names the fix.
/// </summary>
internal static class PrivateKeyFile
{
    private const UnixFileMode ByOthers = UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The warning for a key file that users other than its owner may read, or null.</summary>
    public static string? ReadableByOthers(FetchOptions options)
    {
        string? path = options.ClientKeyFile ?? options.ClientCertFile;
        if (path is null || !File.Exists(path))
        {
            return null;
        }
        UnixFileMode mode = File.GetUnixFileMode(path);
        return (mode & ByOthers) == 0
            ? null
            : $"the private key file '{path}' can be read by other users (mode 0{Convert.ToString((int)mode & 0x1FF, 8)}): "
                + $"make it yours alone with chmod 600 '{path}'";
    }
}
