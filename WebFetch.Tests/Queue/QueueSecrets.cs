using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WebFetch.Tests.Queue;

/// <summary>
/// A private temporary directory (mode 700) for what a locked queue server needs: its config
/// file, a CA and a server certificate for 127.0.0.1 signed by it (made here, in process, as an
/// operator's CA would), and the files a client is given. Removed on dispose.
/// </summary>
public sealed class QueueSecrets : IDisposable
{
    public QueueSecrets()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("wf-queue-secrets-").FullName;
        File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Directory { get; }

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/>, readable by its owner only unless <paramref name="mode"/> says otherwise; returns its path.</summary>
    public string Write(string name, string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    /// <summary>A nats-server config file with <paramref name="body"/> (an <c>authorization</c> or <c>tls</c> block); returns its path.</summary>
    public string ServerConfig(string body) => Write($"server-{Guid.NewGuid():N}.conf", body);

    /// <summary>A new CA (its certificate's PEM file) and a certificate for 127.0.0.1 it signed, with its key (PEM files): what a TLS server is given.</summary>
    public (string CaFile, string CertFile, string KeyFile) ServerCertificate(string name)
    {
        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN=webfetch test CA {name}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using ECDsa serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using X509Certificate2 server = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));

        return (Write($"{name}-ca.pem", ca.ExportCertificatePem()),
            Write($"{name}-server.pem", server.ExportCertificatePem()),
            Write($"{name}-server-key.pem", serverKey.ExportPkcs8PrivateKeyPem()));
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
