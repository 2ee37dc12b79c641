using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WebFetch.Tests.Support;

/// <summary>
/// Certificates made for the TLS tests: a test CA, a server certificate for 127.0.0.1 and
/// localhost signed by it (30 days), another that expires in 5 days, and a client certificate
/// signed by it; and their PEM files (plus broken ones) in a private temporary directory, each
/// file mode 0600. Nothing here is trusted by the system.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public const string ClientSubject = "CN=webfetch test client, O=webfetch tests";

    public TestCertificates()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("webfetch-tls-").FullName;
        Authority = MakeAuthority("CN=webfetch test CA", days: 365);
        Server = MakeLeaf(Authority, "CN=127.0.0.1", days: 30, client: false);
        Expiring = MakeLeaf(Authority, "CN=127.0.0.1", days: 5, client: false);
        Client = MakeLeaf(Authority, ClientSubject, days: 30, client: true);

        CaFile = Write("ca.pem", Authority.ExportCertificatePem());
        ClientCertFile = Write("client.pem", Client.ExportCertificatePem());
        ClientKeyFile = Write("client.key", Client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        ClientBothFile = Write("client-and-key.pem", Client.ExportCertificatePem() + "\n" + Client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        using RSA other = RSA.Create(2048);
        OtherKeyFile = Write("other.key", other.ExportPkcs8PrivateKeyPem());
        EncryptedKeyFile = Write("encrypted.key", Client.GetRSAPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem(
            "test password", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));
        NotPemFile = Write("not-pem.txt", "this is not a certificate\n");
        ClientPkcs12File = WriteBytes("client.p12", Client.Export(X509ContentType.Pkcs12));
    }

    /// <summary>The private directory the files are in, removed on dispose.</summary>
    public string Directory { get; }

    public X509Certificate2 Authority { get; }

    /// <summary>127.0.0.1 and localhost, signed by <see cref="Authority"/>, valid for 30 days.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>As <see cref="Server"/>, but it expires 5 days after it was made.</summary>
    public X509Certificate2 Expiring { get; }

    /// <summary>A client certificate (<see cref="ClientSubject"/>) signed by <see cref="Authority"/>.</summary>
    public X509Certificate2 Client { get; }

    public string CaFile { get; }

    public string ClientCertFile { get; }

    public string ClientKeyFile { get; }

    public string ClientBothFile { get; }

    public string ClientPkcs12File { get; }

    /// <summary>A private key that is not the client certificate's.</summary>
    public string OtherKeyFile { get; }

    /// <summary>The client certificate's key, encrypted with a password.</summary>
    public string EncryptedKeyFile { get; }

    public string NotPemFile { get; }

    /// <summary>Writes a file of the test into the private directory, mode 0600, and gives its path.</summary>
    public string Write(string name, string text) => WriteBytes(name, System.Text.Encoding.ASCII.GetBytes(text));

    private string WriteBytes(string name, byte[] bytes)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, bytes);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private static X509Certificate2 MakeAuthority(string subject, int days)
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using X509Certificate2 made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(days));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2 MakeLeaf(X509Certificate2 authority, string subject, int days, bool client)
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(client ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (!client)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using X509Certificate2 signed = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(days), serial);
        using X509Certificate2 withKey = signed.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        foreach (X509Certificate2 certificate in new[] { Authority, Server, Expiring, Client })
        {
            certificate.Dispose();
        }
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
