using System.Buffers.Text;
using System.Text.Json;
using NATS.NKeys;

namespace WebFetch.Queue;

/// <summary>
/// The content of a NATS credentials file (<c>--queue-creds</c>), checked before it goes to the
/// client, which would otherwise fail deep in the connection with a message about the server: a
/// user JWT (three base64url parts, the claims JSON naming the user in <c>sub</c>) and a user NKey
/// seed (<c>SU...</c>, its checksum right) that belongs to that user. Nothing of the file's
/// content is ever put into a message.
/// </summary>
internal static class QueueCredsFile
{
    private const string JwtMarker = "-----BEGIN NATS USER JWT-----";
    private const string SeedMarker = "-----BEGIN USER NKEY SEED-----";

    /// <summary>Throws a <see cref="QueueException"/> that names <paramref name="path"/> and what is wrong with <paramref name="text"/>.</summary>
    public static void Check(string path, string text)
    {
        string? jwt = LineAfter(text, JwtMarker);
        string? seed = LineAfter(text, SeedMarker);
        if (jwt is null || seed is null)
        {
            throw new QueueException($"--queue-creds {path}: not a NATS credentials file (it needs a user JWT and an NKey seed, as nsc writes them)");
        }
        string? subject = JwtSubject(jwt);
        if (subject is null)
        {
            throw new QueueException($"--queue-creds {path}: its user JWT is damaged (not three base64url parts with claims that name a user); write the file again (nsc generate creds)");
        }
        string? user = SeedOwner(seed);
        if (user is null)
        {
            throw new QueueException($"--queue-creds {path}: its NKey seed is damaged (not a user seed, or a wrong checksum); write the file again (nsc generate creds)");
        }
        if (user != subject)
        {
            throw new QueueException($"--queue-creds {path}: its NKey seed is not the key of the user its JWT names; write the file again (nsc generate creds)");
        }
    }

    /// <summary>The first line with text after <paramref name="marker"/>, trimmed; null without the marker.</summary>
    private static string? LineAfter(string text, string marker)
    {
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        foreach (string line in text[(at + marker.Length)..].Split('\n'))
        {
            if (line.Trim() is { Length: > 0 } value)
            {
                return value.StartsWith("---", StringComparison.Ordinal) ? null : value;
            }
        }
        return null;
    }

    /// <summary>The <c>sub</c> claim of a JWT of three base64url parts; null if it is not one.</summary>
    private static string? JwtSubject(string jwt)
    {
        string[] parts = jwt.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || !Base64Url.IsValid(p)))
        {
            return null;
        }
        try
        {
            using JsonDocument claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return claims.RootElement.ValueKind == JsonValueKind.Object
                   && claims.RootElement.TryGetProperty("sub", out JsonElement sub) && sub.ValueKind == JsonValueKind.String
                ? sub.GetString()
                : null;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The public key of a user seed; null if it is not a well-formed one.</summary>
    private static string? SeedOwner(string seed)
    {
        if (!seed.StartsWith("SU", StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            using KeyPair pair = KeyPair.FromSeed(seed);
            return pair.GetPublicKey();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null; // its message is not shown: it could quote the seed
        }
    }
}
