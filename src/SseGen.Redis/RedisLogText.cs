using System;
using System.Globalization;
using System.Text;

namespace SseGen;

/// <summary>
/// Channel names are user text (a chat room in a URL): in a log they are a structured value with
/// every control character escaped, so a name cannot start a forged line or hide in a terminal.
/// </summary>
internal static class RedisLogText
{
    public static string Escape(string text)
    {
        var i = 0;
        while (i < text.Length && !NeedsEscape(text[i]))
        {
            i++;
        }

        if (i == text.Length)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        escaped.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (NeedsEscape(c))
            {
                escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    // C0, DEL, C1, and the Unicode line and paragraph separators (a line break to some readers).
    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
