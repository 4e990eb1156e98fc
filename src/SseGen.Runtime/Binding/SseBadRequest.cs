using System.Text;

namespace SseGen.Infrastructure;

/// <summary>
/// The three texts of a binding failure: the full one, raw request values included, for
/// Development; the one a client sees elsewhere, without the raw values, so a 400 never reflects
/// attacker-chosen text back (minimal APIs keep the value out of the response too); and the one
/// for the log, with the values escaped and cut by the shared rules (<see cref="SseLogText"/>).
/// </summary>
internal static class SseBadRequest
{
    /// <summary>The message with every raw value kept.</summary>
    public static string Full(SseBindingErrors errors) => Render(errors, Values.Raw);

    /// <summary>The message with every raw value (and the words that introduce it) left out.</summary>
    public static string Redacted(SseBindingErrors errors) => Render(errors, Values.Omitted);

    /// <summary>
    /// The message for the log: every raw value kept, but escaped and bounded in length, so a
    /// request value can neither start a forged log line nor flood the log.
    /// </summary>
    public static string ForLog(SseBindingErrors errors) => Render(errors, Values.Escaped);

    private static string Render(SseBindingErrors errors, Values values)
    {
        var builder = new StringBuilder();
        foreach (var error in errors.Items)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            if (error.Kind == SseBindingErrorKind.Missing)
            {
                builder.Append("Required parameter \"").Append(error.Parameter).Append("\" was not provided from the ").Append(error.Source).Append('.');
                continue;
            }

            builder.Append("Failed to bind parameter \"").Append(error.Parameter).Append('"');
            if (values != Values.Omitted)
            {
                builder.Append(" from \"");
                if (values == Values.Escaped)
                {
                    SseLogText.AppendEscaped(builder, error.Value);
                }
                else
                {
                    builder.Append(error.Value);
                }

                builder.Append('"');
            }

            builder.Append('.');
        }

        return builder.ToString();
    }

    private enum Values
    {
        Raw,
        Omitted,
        Escaped,
    }
}
