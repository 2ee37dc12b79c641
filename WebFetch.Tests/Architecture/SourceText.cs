namespace WebFetch.Tests.Architecture;

/// <summary>
/// C# source with the text inside string and char literals blanked (replaced by spaces, line
/// breaks kept), so that a word in a message is not taken for a reference to a type. The code
/// inside an interpolation hole (<c>$"{Defaults.Timeout}"</c>) is kept: it is code. Comments are
/// kept or blanked, as asked: a <c>&lt;see cref="..."/&gt;</c> is a reference, a declaration
/// written in prose is not a declaration.
/// </summary>
internal static class SourceText
{
    public static string Mask(string source, bool keepComments)
    {
        char[] masked = source.ToCharArray();
        var scanner = new Scanner(source, masked, keepComments);
        scanner.Code(inHole: false);
        return new string(masked);
    }

    private sealed class Scanner(string source, char[] masked, bool keepComments)
    {
        private int _at;

        private char At(int offset) => _at + offset < source.Length ? source[_at + offset] : '\0';

        /// <summary>Reads code up to the end, or, in an interpolation hole, up to the brace that closes it.</summary>
        public void Code(bool inHole)
        {
            int depth = 0;
            while (_at < source.Length)
            {
                char c = source[_at];
                if (c == '/' && At(1) == '/')
                {
                    int end = source.IndexOf('\n', _at);
                    Comment(end < 0 ? source.Length : end);
                }
                else if (c == '/' && At(1) == '*')
                {
                    int end = source.IndexOf("*/", _at + 2, StringComparison.Ordinal);
                    Comment(end < 0 ? source.Length : end + 2);
                }
                else if (c == '\'')
                {
                    CharLiteral();
                }
                else if (StartsString())
                {
                    StringLiteral();
                }
                else
                {
                    if (inHole && c == '{')
                    {
                        depth++;
                    }
                    else if (inHole && c == '}')
                    {
                        if (depth == 0)
                        {
                            return;
                        }
                        depth--;
                    }
                    _at++;
                }
            }
        }

        private void Comment(int end)
        {
            if (!keepComments)
            {
                Blank(_at, end);
            }
            _at = end;
        }

        private bool StartsString()
        {
            int i = 0;
            while (At(i) is '$' or '@')
            {
                i++;
            }
            return At(i) == '"' && (i == 0 || _at == 0 || !IsIdentifierPart(source[_at - 1]));
        }

        private void CharLiteral()
        {
            int start = ++_at;
            while (_at < source.Length && source[_at] is not ('\'' or '\n'))
            {
                _at += source[_at] == '\\' ? 2 : 1;
            }
            Blank(start, Math.Min(_at, source.Length));
            _at++;
        }

        private void StringLiteral()
        {
            int dollars = 0;
            bool verbatim = false;
            while (source[_at] is '$' or '@')
            {
                dollars += source[_at] == '$' ? 1 : 0;
                verbatim |= source[_at] == '@';
                _at++;
            }
            int quotes = 0;
            while (At(quotes) == '"')
            {
                quotes++;
            }
            if (quotes >= 3)
            {
                RawString(quotes, dollars);
                return;
            }
            _at++;
            int start = _at;
            while (_at < source.Length)
            {
                char c = source[_at];
                if (!verbatim && c == '\\')
                {
                    _at += 2;
                }
                else if (c == '"' && verbatim && At(1) == '"')
                {
                    _at += 2;
                }
                else if (c == '"' || (c == '\n' && !verbatim))
                {
                    break;
                }
                else if (dollars > 0 && c == '{' && At(1) == '{')
                {
                    _at += 2;
                }
                else if (dollars > 0 && c == '{')
                {
                    Blank(start, _at);
                    Hole(1);
                    start = _at;
                }
                else
                {
                    _at++;
                }
            }
            Blank(start, Math.Min(_at, source.Length));
            _at++;
        }

        private void RawString(int quotes, int dollars)
        {
            string close = new('"', quotes);
            _at += quotes;
            int start = _at;
            while (_at < source.Length && string.CompareOrdinal(source, _at, close, 0, quotes) != 0)
            {
                int braces = 0;
                while (dollars > 0 && At(braces) == '{')
                {
                    braces++;
                }
                if (dollars > 0 && braces >= dollars)
                {
                    _at += braces - dollars;
                    Blank(start, _at);
                    Hole(dollars);
                    start = _at;
                }
                else
                {
                    _at += Math.Max(braces, 1);
                }
            }
            Blank(start, Math.Min(_at, source.Length));
            _at += quotes;
        }

        /// <summary>An interpolation hole opened by <paramref name="braces"/> braces: its code is kept, its closing braces skipped.</summary>
        private void Hole(int braces)
        {
            _at += braces;
            Code(inHole: true);
            _at += braces;
        }

        private void Blank(int start, int end)
        {
            for (int i = start; i < end && i < masked.Length; i++)
            {
                if (masked[i] is not ('\n' or '\r'))
                {
                    masked[i] = ' ';
                }
            }
        }

        private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';
    }
}
