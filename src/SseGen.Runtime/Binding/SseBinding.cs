using System;
using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace SseGen.Infrastructure;

/// <summary>
/// Small, allocation-aware helpers the generated binding code calls: read a route value, query or
/// header as a string and parse it (failures go to <see cref="SseBindingErrors"/>).
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
}
