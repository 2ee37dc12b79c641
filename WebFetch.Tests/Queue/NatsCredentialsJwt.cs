using System.Text;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Digests;

namespace WebFetch.Tests.Queue;

/// <summary>
/// A NATS JWT (version 2), as nsc writes one: header <c>{"typ":"JWT","alg":"ed25519-nkey"}</c>;
/// claims <c>jti</c> (the base32 SHA-512/256 of the standard claims), <c>iat</c>, <c>iss</c> (the
/// signer's public key), <c>name</c>, <c>sub</c> (the subject's public key) and <c>nats</c> (the
/// role's own claims with its <c>type</c> and <c>version: 2</c>); the issuer's Ed25519 signature
/// of <c>header.claims</c>; the three parts in base64url without padding.
/// </summary>
public static class NatsCredentialsJwt
{
    public static string Sign(NatsCredentialsKey issuer, string subject, string name, string type, JsonObject nats)
    {
        long issuedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var standard = new JsonObject { ["iat"] = issuedAt, ["iss"] = issuer.PublicKey, ["name"] = name, ["sub"] = subject };
        var hash = new Sha512tDigest(256);
        byte[] standardBytes = Encoding.UTF8.GetBytes(standard.ToJsonString());
        hash.BlockUpdate(standardBytes, 0, standardBytes.Length);
        byte[] id = new byte[hash.GetDigestSize()];
        hash.DoFinal(id, 0);

        nats["type"] = type;
        nats["version"] = 2;
        var claims = new JsonObject
        {
            ["jti"] = NatsCredentialsEncoding.Base32(id),
            ["iat"] = issuedAt,
            ["iss"] = issuer.PublicKey,
            ["name"] = name,
            ["sub"] = subject,
            ["nats"] = nats,
        };
        string signed = $"{Base64Url("{\"typ\":\"JWT\",\"alg\":\"ed25519-nkey\"}"u8)}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        return $"{signed}.{Base64Url(issuer.Sign(Encoding.ASCII.GetBytes(signed)))}";
    }

    private static string Base64Url(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
