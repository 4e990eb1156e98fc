using System;
using System.ComponentModel;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SseGen.Infrastructure;

/// <summary>
/// Small, allocation-aware helpers the generated binding code calls: read a route value, query or
/// header as a string, parse it, and collect the messages of a 400 response.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SseBinding
{
    /// <summary>The route value <paramref name="name"/>, or null when the route did not capture it.</summary>
    public static string? Route(HttpContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.RouteValues.TryGetValue(name, out var value) && value is not null
            ? value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>The query value <paramref name="name"/> (several values joined by commas), or null when absent.</summary>
    public static string? Query(HttpContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        var values = context.Request.Query[name];
        return values.Count == 0 ? null : values.ToString();
    }

    /// <summary>The header <paramref name="name"/> (several values joined by commas), or null when absent.</summary>
    public static string? Header(HttpContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        var values = context.Request.Headers[name];
        return values.Count == 0 ? null : values.ToString();
    }

    /// <summary>Parses with <see cref="IParsable{TSelf}"/> and the invariant culture, as minimal APIs do.</summary>
    public static bool TryParse<T>(string value, out T result)
        where T : IParsable<T>
    {
        if (T.TryParse(value, CultureInfo.InvariantCulture, out var parsed))
        {
            result = parsed;
            return true;
        }

        result = default!;
        return false;
    }

    /// <summary>Records that a required parameter was not in the request.</summary>
    public static void Missing(ref StringBuilder? errors, string parameter, string source) =>
        (errors ??= new StringBuilder()).Append(errors.Length == 0 ? string.Empty : " ")
            .Append("Required parameter \"").Append(parameter).Append("\" was not provided from the ").Append(source).Append('.');

    // The raw value is fenced by two private-use characters, so the 400 response can leave it out
    // outside Development (SseBadRequest) while the log keeps it, as minimal APIs do.
    internal const char ValueStart = '\uE000';
    internal const char ValueEnd = '\uE001';

    /// <summary>Records that a parameter's value did not parse.</summary>
    public static void Invalid(ref StringBuilder? errors, string parameter, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        (errors ??= new StringBuilder()).Append(errors.Length == 0 ? string.Empty : " ")
            .Append("Failed to bind parameter \"").Append(parameter).Append('"')
            .Append(ValueStart).Append(" from \"").Append(value.Replace(ValueStart, '\uFFFD').Replace(ValueEnd, '\uFFFD')).Append('"').Append(ValueEnd)
            .Append('.');
    }
}
