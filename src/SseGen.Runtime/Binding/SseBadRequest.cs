using System.Globalization;
using System.Text;

namespace SseGen.Infrastructure;

/// <summary>
/// The two texts of a binding failure: the full one, raw request values included, for the log and
/// for Development; and the one a client sees elsewhere, without the raw values, so a 400 never
/// reflects attacker-chosen text back (minimal APIs keep the value out of the response too).
/// </summary>
internal static class SseBadRequest
{
    /// <summary>The message with every raw value kept.</summary>
    public static string Full(StringBuilder errors) =>
        errors.ToString().Replace(SseBinding.ValueStart.ToString(), string.Empty).Replace(SseBinding.ValueEnd.ToString(), string.Empty);

    /// <summary>The longest part of one raw value a log line keeps; the rest is only counted.</summary>
    internal const int MaxLoggedValueLength = 128;

    /// <summary>
    /// The message for the log: every raw value kept, but with its control characters (CR, LF, NEL,
    /// the Unicode line and paragraph separators, …) and backslashes written as escapes and its
    /// length bounded, so a request value can neither start a forged log line nor flood the log.
    /// </summary>
    public static string ForLog(StringBuilder errors)
    {
        var text = errors.ToString();
        var builder = new StringBuilder(text.Length);
        var inValue = false;
        var valueLength = 0;
        var cut = 0;
        foreach (var c in text)
        {
            if (c == SseBinding.ValueStart)
            {
                inValue = true;
                valueLength = 0;
                cut = 0;
            }
            else if (c == SseBinding.ValueEnd)
            {
                inValue = false;
                if (cut > 0)
                {
                    builder.Append("…(").Append(cut.ToString(CultureInfo.InvariantCulture)).Append(" more characters)");
                }
            }
            else if (!inValue)
            {
                builder.Append(c);
            }
            else if (valueLength++ >= MaxLoggedValueLength)
            {
                cut++;
            }
            else if (c == '\\')
            {
                builder.Append("\\\\");
            }
            else if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The message with every raw value (and the words that introduce it) left out.</summary>
    public static string Redacted(StringBuilder errors)
    {
        var text = errors.ToString();
        var builder = new StringBuilder(text.Length);
        var inValue = false;
        foreach (var c in text)
        {
            if (c == SseBinding.ValueStart)
            {
                inValue = true;
            }
            else if (c == SseBinding.ValueEnd)
            {
                inValue = false;
            }
            else if (!inValue)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
