using System.Security.Cryptography;
using System.Text;

namespace WebFetch.Fetching.Tls;

/// <summary>The PEM text of a certificate or key file: how it is told from PKCS#12, and where its private key is.</summary>
internal static class PemText
{
    /// <summary>The labels of an unencrypted private key: PKCS#8, and the older RSA and EC forms OpenSSL writes.</summary>
    private static readonly string[] KeyLabels = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];

    /// <summary>Whether the bytes are text with a PEM block (a DER or PKCS#12 file is binary).</summary>
    public static bool LooksLikePem(byte[] bytes) => Decode(bytes).Contains("-----BEGIN ", StringComparison.Ordinal);

    /// <summary>The bytes as text (PEM is ASCII; UTF-8 takes what a comment may hold), without a byte order mark.</summary>
    public static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');

    /// <summary>The first unencrypted private key block of <paramref name="text"/>, as PEM text, or null.</summary>
    public static string? PrivateKey(string text)
    {
        ReadOnlySpan<char> rest = text;
        while (PemEncoding.TryFind(rest, out PemFields fields))
        {
            string label = rest[fields.Label].ToString();
            if (KeyLabels.Contains(label, StringComparer.Ordinal))
            {
                string block = rest[fields.Location].ToString();
                return block.Contains("ENCRYPTED", StringComparison.Ordinal) ? null : block; // "Proc-Type: 4,ENCRYPTED" cannot parse as PEM anyway
            }
            rest = rest[fields.Location.End..];
        }
        return null;
    }

    /// <summary>Whether the text holds an encrypted private key: PKCS#8 (<c>ENCRYPTED PRIVATE KEY</c>) or OpenSSL's older <c>Proc-Type: 4,ENCRYPTED</c>.</summary>
    public static bool IsEncrypted(string text) =>
        text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal)
        || text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="key"/> is an RSA, EC or DSA private key that can be read (so that a refusal is a mismatch, not a bad key).</summary>
    public static bool IsReadableKey(string key)
    {
        foreach (Func<AsymmetricAlgorithm> create in (Func<AsymmetricAlgorithm>[])[RSA.Create, ECDsa.Create, DSA.Create])
        {
            using AsymmetricAlgorithm algorithm = create();
            try
            {
                algorithm.ImportFromPem(key);
                return true;
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                // not this algorithm's key
            }
        }
        return false;
    }
}
