using System.Text;

namespace Lunora.Worker.Tests.Deploy;

/// <summary>
/// Blanks out C# comments (so a call or a name mentioned in a comment is not taken for code) while keeping string
/// literals and line numbers. Regular and interpolated strings end at the line end at the latest, so a hole with
/// nested quotes can only confuse the rest of its own line; verbatim and raw strings may span lines.
/// </summary>
internal static class CSharpComments
{
    /// <param name="blankStrings">Also blank the contents of string and char literals (quotes stay), for scans that look for code only.</param>
    public static string Strip(string source, bool blankStrings = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        var output = new StringBuilder(source.Length);
        var state = State.Code;
        var rawQuotes = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            var next = i + 1 < source.Length ? source[i + 1] : '\0';
            switch (state)
            {
                case State.Code:
                    if (c == '/' && next == '/')
                    {
                        state = State.LineComment;
                        output.Append(' ');
                    }
                    else if (c == '/' && next == '*')
                    {
                        state = State.BlockComment;
                        output.Append("  ");
                        i++;
                    }
                    else if (c == '"' && Quotes(source, i) >= 3)
                    {
                        rawQuotes = Quotes(source, i);
                        state = State.RawString;
                        output.Append(source, i, rawQuotes);
                        i += rawQuotes - 1;
                    }
                    else if (c == '"')
                    {
                        state = i > 0 && (source[i - 1] == '@' || (source[i - 1] == '$' && i > 1 && source[i - 2] == '@'))
                            ? State.VerbatimString
                            : State.String;
                        output.Append(c);
                    }
                    else if (c == '\'')
                    {
                        state = State.Char;
                        output.Append(c);
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
                case State.LineComment:
                    if (c == '\n')
                    {
                        state = State.Code;
                        output.Append(c);
                    }
                    else
                    {
                        output.Append(' ');
                    }

                    break;
                case State.BlockComment:
                    if (c == '*' && next == '/')
                    {
                        state = State.Code;
                        output.Append("  ");
                        i++;
                    }
                    else
                    {
                        output.Append(c == '\n' ? '\n' : ' ');
                    }

                    break;
                case State.String:
                case State.Char:
                    if (c == '\\' && next != '\n')
                    {
                        output.Append(blankStrings ? "  " : source.AsSpan(i, 2));
                        i++;
                    }
                    else if ((state == State.String && c == '"') || (state == State.Char && c == '\'') || c == '\n')
                    {
                        state = State.Code;
                        output.Append(c);
                    }
                    else
                    {
                        output.Append(blankStrings ? ' ' : c);
                    }

                    break;
                case State.VerbatimString:
                    if (c == '"' && next == '"')
                    {
                        output.Append(blankStrings ? "  " : "\"\"");
                        i++;
                    }
                    else if (c == '"')
                    {
                        state = State.Code;
                        output.Append(c);
                    }
                    else
                    {
                        output.Append(blankStrings && c != '\n' ? ' ' : c);
                    }

                    break;
                case State.RawString:
                    if (c == '"' && Quotes(source, i) >= rawQuotes)
                    {
                        output.Append(source, i, rawQuotes);
                        i += rawQuotes - 1;
                        state = State.Code;
                    }
                    else
                    {
                        output.Append(blankStrings && c != '\n' ? ' ' : c);
                    }

                    break;
            }
        }

        return output.ToString();
    }

    private static int Quotes(string source, int at)
    {
        var n = 0;
        while (at + n < source.Length && source[at + n] == '"')
        {
            n++;
        }

        return n;
    }

    private enum State
    {
        Code,
        LineComment,
        BlockComment,
        String,
        Char,
        VerbatimString,
        RawString,
    }
}
