using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace WebFetch.Tests.Queue;

/// <summary>
/// An NKey: an Ed25519 key pair of one role (operator, account or user), its public key and its
/// seed (the private key) in NATS's text form, and signatures made with it.
/// </summary>
public sealed class NatsCredentialsKey
{
    /// <summary>The prefix bytes of the public keys: the letter each role's keys start with.</summary>
    public const byte Operator = 14 << 3, Account = 0, User = 20 << 3;

    private const byte SeedPrefix = 18 << 3;

    private readonly Ed25519PrivateKeyParameters _private;

    public NatsCredentialsKey(byte role)
    {
        byte[] seed = RandomNumberGenerator.GetBytes(Ed25519PrivateKeyParameters.KeySize);
        _private = new Ed25519PrivateKeyParameters(seed);
        PublicKey = NatsCredentialsEncoding.Encode([role], _private.GeneratePublicKey().GetEncoded());
        // the seed's two prefix bytes hold S and the role, five bits each, so that it reads SO, SA, SU
        Seed = NatsCredentialsEncoding.Encode([(byte)(SeedPrefix | (role >> 5)), (byte)((role & 31) << 3)], seed);
    }

    /// <summary>The public key, e.g. <c>UD...</c> for a user: what a JWT's <c>sub</c> and <c>iss</c> hold.</summary>
    public string PublicKey { get; }

    /// <summary>The seed, e.g. <c>SU...</c>: the secret a credentials file carries.</summary>
    public string Seed { get; }

    public byte[] Sign(byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(forSigning: true, _private);
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }
}
