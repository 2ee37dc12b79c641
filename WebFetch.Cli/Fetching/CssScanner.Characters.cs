using System.Globalization;

namespace WebFetch.Fetching;

/// <summary>The parts of tokens: names, escapes, and the classes of characters CSS Syntax Level 3 defines (§4.2).</summary>
internal ref partial struct CssScanner
{
    /// <summary>The code points of a name (§4.3.12) into the buffer.</summary>
    private void ReadIdentSequence()
    {
        _buffer.Clear();
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (IsIdentChar(c))
            {
                _buffer.Append(c == '\0' ? '\uFFFD' : c);
                _position++;
            }
            else if (IsValidEscape(_position))
            {
                _position++;
                ReadEscape();
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>An escape after its backslash (§4.3.7): up to six hex digits and one whitespace, or one code point.</summary>
    private void ReadEscape()
    {
        if (_position >= _text.Length)
        {
            _buffer.Append('\uFFFD');
            return;
        }
        int digits = 0;
        while (digits < 6 && char.IsAsciiHexDigit(At(_position + digits)))
        {
            digits++;
        }
        if (digits == 0)
        {
            _buffer.Append(_text[_position++]);
            return;
        }
        int value = int.Parse(_text.Slice(_position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        _position += digits;
        if (IsNewline(At(_position)))
        {
            SkipNewline();
        }
        else if (IsWhitespace(At(_position)))
        {
            _position++;
        }
        bool valid = value is > 0 and <= 0x10FFFF && value is not (>= 0xD800 and <= 0xDFFF);
        if (valid && value > 0xFFFF)
        {
            _buffer.Append(char.ConvertFromUtf32(value));
        }
        else
        {
            _buffer.Append(valid ? (char)value : '\uFFFD');
        }
    }

    private readonly bool BufferIs(string lowerName)
    {
        if (_buffer.Length != lowerName.Length)
        {
            return false;
        }
        for (int i = 0; i < lowerName.Length; i++)
        {
            if (char.ToLowerInvariant(_buffer[i]) != lowerName[i] || _buffer[i] > 0x7F)
            {
                return false;
            }
        }
        return true;
    }

    private readonly char At(int index) => index < _text.Length ? _text[index] : '\uFFFF';

    private void SkipWhitespace()
    {
        while (_position < _text.Length && IsWhitespace(_text[_position]))
        {
            _position++;
        }
    }

    private void SkipDigits()
    {
        while (char.IsAsciiDigit(At(_position)))
        {
            _position++;
        }
    }

    private void SkipNewline() => _position += At(_position) == '\r' && At(_position + 1) == '\n' ? 2 : 1;

    private readonly bool IsValidEscape(int index) => At(index) == '\\' && index + 1 < _text.Length && !IsNewline(_text[index + 1]);

    private readonly bool WouldStartIdent(int index) => At(index) switch
    {
        '-' => IsIdentStart(At(index + 1)) || At(index + 1) == '-' || IsValidEscape(index + 1),
        '\\' => IsValidEscape(index),
        char c => IsIdentStart(c),
    };

    private readonly bool StartsNumber(int index) => At(index) switch
    {
        '+' or '-' => char.IsAsciiDigit(At(index + 1)) || (At(index + 1) == '.' && char.IsAsciiDigit(At(index + 2))),
        '.' => char.IsAsciiDigit(At(index + 1)),
        char c => char.IsAsciiDigit(c),
    };

    private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_' || (c >= 0x80 && c != '\uFFFF') || c == '\0';

    private static bool IsIdentChar(char c) => IsIdentStart(c) || char.IsAsciiDigit(c) || c == '-';

    private static bool IsNewline(char c) => c is '\n' or '\r' or '\f';

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

    private static bool IsNonPrintable(char c) => c is <= '\u0008' and not '\0' or '\u000B' or (>= '\u000E' and <= '\u001F') or '\u007F';
}
