using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WebFetch.Queue;

/// <summary>
/// The files that log in to the queue, checked before any connection so that a wrong one is one
/// line that names it and says what is wrong, not a failure deep in the client: the credentials
/// file (<c>--queue-creds</c>) must be readable, private to its owner (it holds a private key, as
/// an ssh key does), and hold a user JWT and that user's NKey seed (<see cref="QueueCredsFile"/>); the CA file (<c>--queue-tls-ca</c>)
/// must hold a PEM certificate. Their content is never shown.
/// </summary>
internal static class QueueFiles
{
    private const UnixFileMode Shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Throws a <see cref="QueueException"/> naming the first file that cannot serve.</summary>
    public static void Check(QueueAddress address)
    {
        if (address.CredsFile is { } creds)
        {
            CheckCreds(creds);
        }
        if (address.TlsCaFile is { } ca)
        {
            CheckCa(ca);
        }
    }

    private static void CheckCreds(string path)
    {
        string text = Read("--queue-creds", path);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & Shared) != 0)
        {
            throw new QueueException($"--queue-creds {path}: other users of this machine can read or change it; make it private to its owner (chmod 600)");
        }
        QueueCredsFile.Check(path, text);
    }

    private static void CheckCa(string path)
    {
        Read("--queue-tls-ca", path);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (CryptographicException)
        {
            // told below
        }
        if (certificates.Count == 0)
        {
            throw new QueueException($"--queue-tls-ca {path}: no PEM certificate in it (-----BEGIN CERTIFICATE-----)");
        }
    }

    private static string Read(string option, string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new QueueException($"{option} {path}: cannot read it: {e.Message}", e);
        }
    }
}
