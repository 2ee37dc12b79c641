using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WebFetch.Fetching.Tls;

/// <summary>
/// Reads the files of <c>--cacert</c>, <c>--cert</c> and <c>--key</c>, as the worker uses them and as
/// the parent checks them before any worker starts. What keeps a file from being used throws a
/// <see cref="CertificateFileException"/> that says why in one line; what a file holds is never
/// quoted (a key is a secret).
/// </summary>
internal static class CertificateFiles
{
    /// <summary>The CA certificates of a PEM bundle (every <c>CERTIFICATE</c> block; other blocks are skipped).</summary>
    public static X509Certificate2Collection ReadCaBundle(string path)
    {
        string text = ReadText("--cacert", path);
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw new CertificateFileException($"--cacert '{path}': a certificate in it cannot be read ({e.Message.TrimEnd('.')})", e);
        }
        return bundle.Count > 0
            ? bundle
            : throw new CertificateFileException($"--cacert '{path}' holds no PEM certificate (a '-----BEGIN CERTIFICATE-----' block)");
    }

    /// <summary>
    /// The client certificate with its private key, and the other certificates of its file (the
    /// chain to send with it): from a PEM file, the key in <paramref name="keyPath"/> or in the same
    /// file, or from a PKCS#12 file without a password.
    /// </summary>
    public static ClientCertificate ReadClientCertificate(string certPath, string? keyPath)
    {
        byte[] bytes = ReadBytes("--cert", certPath);
        if (!PemText.LooksLikePem(bytes))
        {
            return keyPath is null
                ? Pkcs12(certPath, bytes)
                : throw new CertificateFileException($"--cert '{certPath}' is not a PEM file (no '-----BEGIN' line), and --key goes with a PEM certificate");
        }
        string certText = PemText.Decode(bytes);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(certText);
        }
        catch (CryptographicException e)
        {
            throw new CertificateFileException($"--cert '{certPath}': a certificate in it cannot be read ({e.Message.TrimEnd('.')})", e);
        }
        if (certificates.Count == 0)
        {
            throw new CertificateFileException($"--cert '{certPath}' holds no PEM certificate (a '-----BEGIN CERTIFICATE-----' block)");
        }
        (string option, string path, string keyText) = keyPath is null ? ("--cert", certPath, certText) : ("--key", keyPath, ReadText("--key", keyPath));
        string key = PemText.PrivateKey(keyText)
            ?? throw new CertificateFileException(PemText.IsEncrypted(keyText)
                ? $"{option} '{path}': the private key is encrypted, which is not supported: decrypt it (openssl pkey -in KEY -out PLAIN) and keep it private (chmod 600)"
                : keyPath is null
                    ? $"--cert '{certPath}' holds no private key: give it with --key FILE, or put its PEM block in the same file"
                    : $"--key '{keyPath}' holds no PEM private key (a '-----BEGIN PRIVATE KEY-----' block)");
        return WithKey(certificates, key, certPath, path);
    }

    /// <summary>The first certificate of <paramref name="certificates"/> with <paramref name="key"/>, which must be its own.</summary>
    private static ClientCertificate WithKey(X509Certificate2Collection certificates, string key, string certPath, string keyPath)
    {
        X509Certificate2 leaf = certificates[0];
        try
        {
            using X509Certificate2 paired = X509Certificate2.CreateFromPem(leaf.ExportCertificatePem(), key);
            // Through PKCS#12, as TLS wants a key it can use on every platform, not an ephemeral one.
            X509Certificate2 usable = X509CertificateLoader.LoadPkcs12(paired.Export(X509ContentType.Pkcs12), null);
            return new ClientCertificate(usable, Others(certificates, leaf));
        }
        catch (CryptographicException e)
        {
            throw new CertificateFileException(PemText.IsReadableKey(key)
                ? $"the private key in '{keyPath}' does not match the certificate in '{certPath}'"
                : $"the private key in '{keyPath}' cannot be read ({e.Message.TrimEnd('.')})", e);
        }
        finally
        {
            foreach (X509Certificate2 certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>A PKCS#12 file (.p12, .pfx) without a password: its certificate with a key, and the others.</summary>
    private static ClientCertificate Pkcs12(string path, byte[] bytes)
    {
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12Collection(bytes, null);
        }
        catch (CryptographicException e)
        {
            throw new CertificateFileException(
                $"--cert '{path}' is neither a PEM file nor a PKCS#12 file without a password ({e.Message.TrimEnd('.')}): "
                + "convert it to PEM (openssl pkcs12 -in FILE -nodes -out PEM) and keep it private (chmod 600)", e);
        }
        X509Certificate2? leaf = all.FirstOrDefault(c => c.HasPrivateKey);
        if (leaf is null)
        {
            foreach (X509Certificate2 certificate in all)
            {
                certificate.Dispose();
            }
            throw new CertificateFileException($"--cert '{path}': the PKCS#12 file holds no certificate with a private key");
        }
        return new ClientCertificate(leaf, Others(all, leaf));
    }

    private static X509Certificate2Collection Others(X509Certificate2Collection all, X509Certificate2 leaf)
    {
        var others = new X509Certificate2Collection();
        foreach (X509Certificate2 certificate in all.Where(c => !ReferenceEquals(c, leaf)))
        {
            others.Add(X509CertificateLoader.LoadCertificate(certificate.RawData));
        }
        return others;
    }

    private static string ReadText(string option, string path) => PemText.Decode(ReadBytes(option, path));

    /// <summary>The bytes of the file, at most <see cref="Defaults.MaxCertificateFileBytes"/>.</summary>
    private static byte[] ReadBytes(string option, string path)
    {
        if (Directory.Exists(path))
        {
            throw new CertificateFileException($"{option}: cannot read '{path}': it is a directory");
        }
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            var buffer = new MemoryStream();
            byte[] chunk = new byte[64 << 10];
            int read;
            while ((read = file.Read(chunk)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > Defaults.MaxCertificateFileBytes)
                {
                    throw new CertificateFileException(
                        $"{option} '{path}' is larger than {Defaults.MaxCertificateFileBytes >> 20} MiB, more than a certificate file holds");
                }
            }
            return buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CertificateFileException($"{option}: cannot read '{path}': {Reason(e)}", e);
        }
    }

    private static string Reason(Exception e) => e switch
    {
        FileNotFoundException => "no such file",
        DirectoryNotFoundException => "no such directory",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message.TrimEnd('.'),
    };
}
