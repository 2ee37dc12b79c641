namespace WebFetch.Tests.Queue;

/// <summary>
/// The text form of NATS NKeys: the key's bytes after a prefix byte, a CRC-16/XMODEM of both
/// (little-endian), all in RFC 4648 base32 without padding. The prefix makes the first letter
/// say what the key is (O operator, A account, U user, S a seed).
/// </summary>
public static class NatsCredentialsEncoding
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary><paramref name="payload"/> after <paramref name="prefix"/>, with the checksum, in base32.</summary>
    public static string Encode(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> payload)
    {
        byte[] raw = new byte[prefix.Length + payload.Length + 2];
        prefix.CopyTo(raw);
        payload.CopyTo(raw.AsSpan(prefix.Length));
        ushort crc = Crc16(raw.AsSpan(0, raw.Length - 2));
        raw[^2] = (byte)crc;
        raw[^1] = (byte)(crc >> 8);
        return Base32(raw);
    }

    /// <summary>RFC 4648 base32, no padding (NATS also names a JWT by the base32 of its claims' hash).</summary>
    public static string Base32(ReadOnlySpan<byte> data)
    {
        var text = new System.Text.StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (byte b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }
        return text.ToString();
    }

    /// <summary>CRC-16/XMODEM: polynomial 0x1021, initial value 0, no reflection.</summary>
    public static ushort Crc16(ReadOnlySpan<byte> data)
    {
        int crc = 0;
        foreach (byte b in data)
        {
            crc ^= b << 8;
            for (int i = 0; i < 8; i++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return (ushort)crc;
    }
}
