namespace WebFetch.Urls;

/// <summary>
/// The URL Standard's IPv6 parser: eight 16-bit pieces in hex, one run of zero pieces
/// compressed as <c>::</c>, and optionally the last two pieces written as an IPv4 address
/// in strict dotted-decimal form.
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
        int At(int i) => i < input.Length ? input[i] : -1;

        if (At(pointer) == ':')
        {
            if (At(pointer + 1) != ':')
            {
                return false;
            }
            pointer += 2;
            pieceIndex++;
            compress = pieceIndex;
        }
        while (At(pointer) != -1)
        {
            if (pieceIndex == 8)
            {
                return false;
            }
            if (At(pointer) == ':')
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
            int value = 0;
            int length = 0;
            while (length < 4 && At(pointer) is int h and >= 0 && char.IsAsciiHexDigit((char)h))
            {
                value = (value * 16) + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
                pointer++;
                length++;
            }
            if (At(pointer) == '.')
            {
                if (length == 0)
                {
                    return false;
                }
                pointer -= length;
                if (pieceIndex > 6)
                {
                    return false;
                }
                int numbersSeen = 0;
                while (At(pointer) != -1)
                {
                    int? ipv4Piece = null;
                    if (numbersSeen > 0)
                    {
                        if (At(pointer) == '.' && numbersSeen < 4)
                        {
                            pointer++;
                        }
                        else
                        {
                            return false;
                        }
                    }
                    if (!IsDigit(At(pointer)))
                    {
                        return false;
                    }
                    while (IsDigit(At(pointer)))
                    {
                        int number = At(pointer) - '0';
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
                if (numbersSeen != 4)
                {
                    return false;
                }
                break;
            }
            else if (At(pointer) == ':')
            {
                pointer++;
                if (At(pointer) == -1)
                {
                    return false;
                }
            }
            else if (At(pointer) != -1)
            {
                return false;
            }
            address[pieceIndex] = (ushort)value;
            pieceIndex++;
        }
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
        }
        else if (pieceIndex != 8)
        {
            return false;
        }
        return true;
    }

    private static bool IsDigit(int c) => c is >= '0' and <= '9';
}
