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
