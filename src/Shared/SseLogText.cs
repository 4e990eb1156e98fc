using System;
using System.Globalization;
using System.Text;

namespace SseGen;

/// <summary>
/// The one way SseGen shows text it did not write (a request value, a channel name, an event id or
/// type) in a log line or an exception message: every character that could start a forged line,
/// move a terminal's cursor or hide what follows (C0, DEL, C1, the Unicode line and paragraph
/// separators, format characters such as the bidirectional overrides, lone surrogates) and the
/// backslash that introduces the escapes is written as <c>\uXXXX</c>, and the text is cut to a
/// length so a hostile value cannot flood the log.
/// </summary>
/// <remarks>
/// Compiled into each SseGen assembly that logs user text (a linked source file, as ASP.NET Core
/// shares its <c>src/Shared</c> helpers), so the rules are one and no package exposes a helper.
/// </remarks>
internal static class SseLogText
{
    /// <summary>How many characters of one value a message keeps unless told otherwise.</summary>
    public const int DefaultMaxLength = 128;

    /// <summary>
    /// <paramref name="text"/> with its unsafe characters escaped and at most
    /// <paramref name="maxLength"/> of its characters kept; the text itself when nothing needs it.
    /// </summary>
    /// <param name="text">The text; null is shown as an empty string.</param>
    /// <param name="maxLength">How many characters of the text to keep; the rest is counted.</param>
    /// <param name="asciiOnly">Also escape every character outside printable ASCII (an event id, whose
    /// non-ASCII characters are the problem being reported).</param>
    public static string Escape(string? text, int maxLength = DefaultMaxLength, bool asciiOnly = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var i = 0;
        while (i < text.Length && i < maxLength && !NeedsEscape(text, i, asciiOnly))
        {
            i++;
        }

        if (i == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 32);
        builder.Append(text, 0, i);
        AppendEscaped(builder, text.AsSpan(i), maxLength - i, asciiOnly);
        return builder.ToString();
    }

    /// <summary>Appends <paramref name="text"/> escaped and cut as <see cref="Escape"/> does.</summary>
    public static StringBuilder AppendEscaped(StringBuilder builder, ReadOnlySpan<char> text, int maxLength = DefaultMaxLength, bool asciiOnly = false)
    {
        var kept = Math.Max(0, Math.Min(text.Length, maxLength));
        for (var i = 0; i < kept; i++)
        {
            if (NeedsEscape(text, i, asciiOnly))
            {
                builder.Append("\\u").Append(((int)text[i]).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        if (kept < text.Length)
        {
            builder.Append("…(").Append((text.Length - kept).ToString(CultureInfo.InvariantCulture)).Append(" more characters)");
        }

        return builder;
    }

    private static bool NeedsEscape(ReadOnlySpan<char> text, int index, bool asciiOnly)
    {
        var c = text[index];
        if (c is >= ' ' and <= '~')
        {
            return c == '\\';
        }

        if (asciiOnly || char.IsControl(c) || c is '\u2028' or '\u2029')
        {
            return true;
        }

        if (char.IsHighSurrogate(c))
        {
            return index + 1 >= text.Length || !char.IsLowSurrogate(text[index + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return index == 0 || !char.IsHighSurrogate(text[index - 1]);
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
    }
}
