using WebFetch.Fetching;
using WebFetch.Fetching.Tls;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching.Tls;

/// <summary>The files of --cacert, --cert and --key: what is wrong with one is said in one line, without its content.</summary>
public sealed class CertificateFilesTests(TestCertificates files) : IClassFixture<TestCertificates>
{
    private readonly TestCertificates _files = files;

    public static TheoryData<string, string> BadFiles => new()
    {
        { "missing CA bundle", "--cacert: cannot read '{dir}/missing.pem': no such file" },
        { "CA bundle that is a directory", "--cacert: cannot read '{dir}': it is a directory" },
        { "CA bundle that is not PEM", "--cacert '{dir}/not-pem.txt' holds no PEM certificate" },
        { "certificate without its key", "--cert '{dir}/client.pem' holds no private key: give it with --key FILE" },
        { "key of another certificate", "the private key in '{dir}/other.key' does not match the certificate in '{dir}/client.pem'" },
        { "encrypted key", "--key '{dir}/encrypted.key': the private key is encrypted, which is not supported" },
        { "certificate that is neither PEM nor PKCS#12", "--cert '{dir}/not-a-p12.bin' is neither a PEM file nor a PKCS#12 file without a password" },
        { "key that is not PEM", "--key '{dir}/not-pem.txt' holds no PEM private key" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void AFileThatCannotBeUsedIsSaidInOneLine(string file, string expected)
    {
        FetchOptions options = file switch
        {
            "missing CA bundle" => new() { CaCertFile = Path.Combine(_files.Directory, "missing.pem") },
            "CA bundle that is a directory" => new() { CaCertFile = _files.Directory },
            "CA bundle that is not PEM" => new() { CaCertFile = _files.NotPemFile },
            "certificate without its key" => new() { ClientCertFile = _files.ClientCertFile },
            "key of another certificate" => new() { ClientCertFile = _files.ClientCertFile, ClientKeyFile = _files.OtherKeyFile },
            "encrypted key" => new() { ClientCertFile = _files.ClientCertFile, ClientKeyFile = _files.EncryptedKeyFile },
            "certificate that is neither PEM nor PKCS#12" => new() { ClientCertFile = _files.Write("not-a-p12.bin", "\u0001\u0002binary") },
            _ => new() { ClientCertFile = _files.ClientCertFile, ClientKeyFile = _files.NotPemFile },
        };

        CertificateFileException refused = Assert.Throws<CertificateFileException>(() => new ClientTls(options, TimeProvider.System).Dispose());

        Assert.StartsWith(expected.Replace("{dir}", _files.Directory, StringComparison.Ordinal), refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.DoesNotContain("MII", refused.Message, StringComparison.Ordinal); // no base64 of a key or certificate
    }

    [Fact]
    public void AKeyFileOthersCanReadIsWarnedOfAndOneOnlyItsOwnerCanReadIsNot()
    {
        string key = _files.Write("shared.key", File.ReadAllText(_files.ClientKeyFile));
        var options = new FetchOptions { ClientCertFile = _files.ClientCertFile, ClientKeyFile = key };
        Assert.Null(PrivateKeyFile.ReadableByOthers(options));

        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.Equal($"the private key file '{key}' can be read by other users (mode 0644): make it yours alone with chmod 600 '{key}'",
            PrivateKeyFile.ReadableByOthers(options));
    }
}
