namespace WebFetch.Urls;

/// <summary>
/// The URL Standard's IPv6 parser (https://url.spec.whatwg.org/#concept-ipv6-parser): eight
/// 16-bit pieces in hex, one run of zero pieces compressed as <c>::</c>, and optionally the
/// last two pieces written as an IPv4 address in strict dotted-decimal form.
/// </summary>
internal static class Ipv6Parser
{
    /// <summary>Parses the text between the brackets; false when it is not a valid IPv6 address.</summary>
    public static bool TryParse(string input, out ushort[] address)
    {
        address = new ushort[8];
        int pieceIndex = 0;
        int? compress = null;
        int pointer = 0;

        // Step 5: a leading "::" compresses from the first piece on.
        if (At(input, pointer) == ':')
        {
            if (At(input, pointer + 1) != ':')
            {
                return false;
            }
            pointer += 2;
            pieceIndex++;
            compress = pieceIndex;
        }
        // Step 6: while c is not the EOF code point.
        while (At(input, pointer) != -1)
        {
            if (pieceIndex == 8)
            {
                return false;
            }
            if (At(input, pointer) == ':')
            {
                if (compress is not null)
                {
                    return false;
                }
                pointer++;
                pieceIndex++;
                compress = pieceIndex;
                continue;
            }
            int value = ReadHexPiece(input, ref pointer, out int length);
            if (At(input, pointer) == '.')
            {
                // Step 6.5: the last two pieces as an IPv4 address, then the loop ends.
                if (length == 0)
                {
                    return false;
                }
                pointer -= length;
                if (pieceIndex > 6 || !TryParseIpv4Part(input, ref pointer, address, ref pieceIndex))
                {
                    return false;
                }
                break;
            }
            if (!TryEndPiece(input, ref pointer))
            {
                return false;
            }
            address[pieceIndex] = (ushort)value;
            pieceIndex++;
        }
        return Compress(address, pieceIndex, compress);
    }

    /// <summary>Step 6.3 and 6.4: up to four ASCII hex digits, as a number; <paramref name="length"/> says how many.</summary>
    private static int ReadHexPiece(string input, ref int pointer, out int length)
    {
        int value = 0;
        length = 0;
        while (length < 4 && At(input, pointer) is int h and >= 0 && char.IsAsciiHexDigit((char)h))
        {
            value = (value * 16) + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
            pointer++;
            length++;
        }
        return value;
    }

    /// <summary>
    /// Step 6.6 and 6.7: after a piece, a colon must be followed by more input; anything else
    /// than a colon or the end is a failure.
    /// </summary>
    private static bool TryEndPiece(string input, ref int pointer)
    {
        if (At(input, pointer) == ':')
        {
            pointer++;
            return At(input, pointer) != -1;
        }
        return At(input, pointer) == -1;
    }

    /// <summary>
    /// Step 6.5: the rest of the input is four decimal numbers, dot-separated, each at most 255
    /// and without leading zeros, filling two pieces.
    /// </summary>
    private static bool TryParseIpv4Part(string input, ref int pointer, ushort[] address, ref int pieceIndex)
    {
        int numbersSeen = 0;
        while (At(input, pointer) != -1)
        {
            int? ipv4Piece = null;
            if (numbersSeen > 0)
            {
                if (At(input, pointer) == '.' && numbersSeen < 4)
                {
                    pointer++;
                }
                else
                {
                    return false;
                }
            }
            if (!IsDigit(At(input, pointer)))
            {
                return false;
            }
            while (IsDigit(At(input, pointer)))
            {
                int number = At(input, pointer) - '0';
                if (ipv4Piece is null)
                {
                    ipv4Piece = number;
                }
                else if (ipv4Piece == 0)
                {
                    return false;
                }
                else
                {
                    ipv4Piece = (ipv4Piece * 10) + number;
                }
                if (ipv4Piece > 255)
                {
                    return false;
                }
                pointer++;
            }
            address[pieceIndex] = (ushort)((address[pieceIndex] * 0x100) + ipv4Piece!.Value);
            numbersSeen++;
            if (numbersSeen is 2 or 4)
            {
                pieceIndex++;
            }
        }
        return numbersSeen == 4;
    }

    /// <summary>
    /// Steps 7 and 8: with a compressed run, the pieces after it move to the end; without one,
    /// all eight pieces must have been given.
    /// </summary>
    private static bool Compress(ushort[] address, int pieceIndex, int? compress)
    {
        if (compress is int start)
        {
            int swaps = pieceIndex - start;
            pieceIndex = 7;
            while (pieceIndex != 0 && swaps > 0)
            {
                (address[pieceIndex], address[start + swaps - 1]) = (address[start + swaps - 1], address[pieceIndex]);
                pieceIndex--;
                swaps--;
            }
            return true;
        }
        return pieceIndex == 8;
    }

    private static int At(string input, int i) => i < input.Length ? input[i] : -1;

    private static bool IsDigit(int c) => c is >= '0' and <= '9';
}
