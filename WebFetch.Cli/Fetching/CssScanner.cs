using System.Globalization;
using System.Text;

namespace WebFetch.Fetching;

/// <summary>
/// A tokenizer of CSS, CSS Syntax Level 3's (§4.3), for exactly what link discovery needs:
/// comments are skipped; strings, url-tokens, at-keywords and function names are read with
/// their escapes resolved; numbers, hashes and identifiers are consumed whole (so that
/// <c>1url(</c> or <c>#url(</c> or <c>myurl(</c> is no URL); a bad string or bad URL (a
/// newline inside a string, a quote or space inside an unquoted URL) is <see cref="CssTokenKind.Bad"/>,
/// what a browser drops. Newlines are not normalised beforehand: CR, LF, CRLF and FF are each one newline.
/// </summary>
internal ref struct CssScanner
{
    private readonly ReadOnlySpan<char> _text;
    private readonly StringBuilder _buffer;
    private int _position;

    public CssScanner(ReadOnlySpan<char> text, StringBuilder buffer)
    {
        _text = text;
        _buffer = buffer;
    }

    /// <summary>The next token; <see cref="CssTokenKind.EndOfFile"/> at the end, and again after it.</summary>
    public CssToken Read()
    {
        while (true)
        {
            int start = _position;
            if (start >= _text.Length)
            {
                return new CssToken(CssTokenKind.EndOfFile, start);
            }
            char c = _text[start];
            if (c == '/' && At(start + 1) == '*')
            {
                int end = _text[(start + 2)..].IndexOf("*/");
                _position = end < 0 ? _text.Length : start + 2 + end + 2;
                continue;
            }
            return c switch
            {
                _ when IsWhitespace(c) => Whitespace(start),
                '"' or '\'' => ReadString(c, start),
                '(' => Single(CssTokenKind.OpenParen, start),
                ')' => Single(CssTokenKind.CloseParen, start),
                '{' => Single(CssTokenKind.OpenBrace, start),
                '}' => Single(CssTokenKind.CloseBrace, start),
                ';' => Single(CssTokenKind.Semicolon, start),
                '#' when IsIdentChar(At(start + 1)) || IsValidEscape(start + 1) => Hash(start),
                '@' when WouldStartIdent(start + 1) => AtKeyword(start),
                '-' when !StartsNumber(start) && At(start + 1) == '-' && At(start + 2) == '>' => Skip(3, start),
                '<' when _text[start..].StartsWith("<!--") => Skip(4, start),
                _ when StartsNumber(start) => Numeric(start),
                _ when WouldStartIdent(start) => IdentLike(start),
                _ => Single(CssTokenKind.Other, start),
            };
        }
    }

    private CssToken Single(CssTokenKind kind, int start)
    {
        _position++;
        return new CssToken(kind, start);
    }

    private CssToken Skip(int length, int start)
    {
        _position += length;
        return new CssToken(CssTokenKind.Other, start);
    }

    private CssToken Whitespace(int start)
    {
        SkipWhitespace();
        return new CssToken(CssTokenKind.Whitespace, start);
    }

    private CssToken Hash(int start)
    {
        _position++;
        ReadIdentSequence();
        return new CssToken(CssTokenKind.Other, start);
    }

    private CssToken AtKeyword(int start)
    {
        _position++;
        ReadIdentSequence();
        CssName name = BufferIs("import") ? CssName.Import : BufferIs("font-face") ? CssName.FontFace : CssName.Other;
        return new CssToken(CssTokenKind.AtKeyword, start, Name: name);
    }

    /// <summary>A number, and its unit or percent sign (§4.3.3): consumed so that no identifier starts inside it.</summary>
    private CssToken Numeric(int start)
    {
        if (At(_position) is '+' or '-')
        {
            _position++;
        }
        SkipDigits();
        if (At(_position) == '.' && char.IsAsciiDigit(At(_position + 1)))
        {
            _position++;
            SkipDigits();
        }
        if (At(_position) is 'e' or 'E'
            && (char.IsAsciiDigit(At(_position + 1)) || (At(_position + 1) is '+' or '-' && char.IsAsciiDigit(At(_position + 2)))))
        {
            _position += 2;
            SkipDigits();
        }
        if (WouldStartIdent(_position))
        {
            ReadIdentSequence();
        }
        else if (At(_position) == '%')
        {
            _position++;
        }
        return new CssToken(CssTokenKind.Other, start);
    }

    /// <summary>An identifier, a function or a URL (§4.3.4): <c>url(</c> with no quote after it is a url-token.</summary>
    private CssToken IdentLike(int start)
    {
        ReadIdentSequence();
        if (At(_position) != '(')
        {
            return new CssToken(CssTokenKind.Other, start);
        }
        _position++;
        if (!BufferIs("url"))
        {
            CssName name = BufferIs("image-set") || BufferIs("-webkit-image-set") ? CssName.ImageSet : CssName.Other;
            return new CssToken(CssTokenKind.Function, start, Name: name);
        }
        while (IsWhitespace(At(_position)) && IsWhitespace(At(_position + 1)))
        {
            _position++;
        }
        char next = IsWhitespace(At(_position)) ? At(_position + 1) : At(_position);
        return next is '"' or '\''
            ? new CssToken(CssTokenKind.Function, start, Name: CssName.Url)
            : ReadUrl(start);
    }

    /// <summary>An unquoted URL after <c>url(</c> (§4.3.6).</summary>
    private CssToken ReadUrl(int start)
    {
        _buffer.Clear();
        SkipWhitespace();
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c == ')')
            {
                _position++;
                return new CssToken(CssTokenKind.Url, start, _buffer.ToString());
            }
            if (IsWhitespace(c))
            {
                SkipWhitespace();
                if (_position >= _text.Length || _text[_position] == ')')
                {
                    _position = Math.Min(_position + 1, _text.Length);
                    return new CssToken(CssTokenKind.Url, start, _buffer.ToString());
                }
                return BadUrl(start);
            }
            if (c is '"' or '\'' or '(' || IsNonPrintable(c) || (c == '\\' && !IsValidEscape(_position)))
            {
                return BadUrl(start);
            }
            _position++;
            if (c == '\\')
            {
                ReadEscape();
            }
            else
            {
                _buffer.Append(c == '\0' ? '\uFFFD' : c);
            }
        }
        return new CssToken(CssTokenKind.Url, start, _buffer.ToString()); // unclosed at the end: still a URL
    }

    /// <summary>The rest of a bad URL, up to its closing parenthesis (§4.3.14).</summary>
    private CssToken BadUrl(int start)
    {
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c == ')')
            {
                _position++;
                break;
            }
            _position++;
            if (c == '\\' && IsValidEscape(_position - 1))
            {
                ReadEscape();
            }
        }
        return new CssToken(CssTokenKind.Bad, start);
    }

    /// <summary>A string (§4.3.5): an unescaped newline ends it as a bad string, left unconsumed.</summary>
    private CssToken ReadString(char quote, int start)
    {
        _buffer.Clear();
        _position++;
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c == quote)
            {
                _position++;
                break;
            }
            if (IsNewline(c))
            {
                return new CssToken(CssTokenKind.Bad, start);
            }
            _position++;
            if (c != '\\')
            {
                _buffer.Append(c == '\0' ? '\uFFFD' : c);
            }
            else if (_position < _text.Length)
            {
                if (IsNewline(_text[_position]))
                {
                    SkipNewline(); // an escaped newline continues the string
                }
                else
                {
                    ReadEscape();
                }
            }
        }
        return new CssToken(CssTokenKind.String, start, _buffer.ToString());
    }

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
