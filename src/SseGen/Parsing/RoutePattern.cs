using System;
using System.Collections.Generic;

namespace SseGen.Generator.Parsing;

/// <summary>
/// The parts of a route pattern the generator needs: its parameter names, and whether it is well
/// formed. A small parser, not ASP.NET Core's: it knows braces, <c>{{</c>/<c>}}</c> escapes,
/// constraints (<c>:int</c>), optional (<c>?</c>), defaults (<c>=x</c>) and catch-alls (<c>*</c>, <c>**</c>).
/// </summary>
internal sealed class RoutePattern
{
    private RoutePattern(List<RouteParameter> parameters, string? error)
    {
        Parameters = parameters;
        Error = error;
    }

    public IReadOnlyList<RouteParameter> Parameters { get; }

    /// <summary>Why the pattern is malformed, or null.</summary>
    public string? Error { get; }

    public RouteParameter? Find(string name)
    {
        foreach (var parameter in Parameters)
        {
            if (string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return parameter;
            }
        }

        return null;
    }

    public static RoutePattern Parse(string? pattern)
    {
        var parameters = new List<RouteParameter>();
        if (pattern is null || pattern.Length == 0)
        {
            return new RoutePattern(parameters, "the route pattern is empty");
        }

        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '{')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == '{')
                {
                    i += 2;
                    continue;
                }

                var end = pattern.IndexOf('}', i + 1);
                if (end < 0)
                {
                    return new RoutePattern(parameters, "a '{' has no matching '}'");
                }

                var body = pattern.Substring(i + 1, end - i - 1);
                var parameter = ParseParameter(body, out var error);
                if (parameter is null)
                {
                    return new RoutePattern(parameters, error);
                }

                if (parameters.Exists(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    return new RoutePattern(parameters, $"the route parameter '{parameter.Name}' appears twice");
                }

                parameters.Add(parameter);
                i = end + 1;
            }
            else if (c == '}')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == '}')
                {
                    i += 2;
                    continue;
                }

                return new RoutePattern(parameters, "a '}' has no matching '{'");
            }
            else if (c == '?')
            {
                return new RoutePattern(parameters, "a route pattern cannot contain a query string ('?')");
            }
            else
            {
                i++;
            }
        }

        return new RoutePattern(parameters, null);
    }

    private static RouteParameter? ParseParameter(string body, out string? error)
    {
        error = null;
        var catchAll = false;
        var name = body;
        if (name.StartsWith("**", StringComparison.Ordinal))
        {
            catchAll = true;
            name = name.Substring(2);
        }
        else if (name.StartsWith("*", StringComparison.Ordinal))
        {
            catchAll = true;
            name = name.Substring(1);
        }

        var hasDefault = false;
        var cut = name.IndexOfAny(new[] { ':', '=' });
        if (cut >= 0)
        {
            hasDefault = name.IndexOf('=') >= 0;
            name = name.Substring(0, cut);
        }

        var optional = name.EndsWith("?", StringComparison.Ordinal) || body.EndsWith("?", StringComparison.Ordinal);
        name = name.TrimEnd('?');
        if (name.Length == 0)
        {
            error = "a route parameter has no name";
            return null;
        }

        foreach (var c in name)
        {
            if (c is '/' or '{' or '}' or '*' or '?' or ':' or '=' or '.')
            {
                error = $"the route parameter name '{name}' contains '{c}'";
                return null;
            }
        }

        return new RouteParameter(name, optional || hasDefault || catchAll);
    }
}

/// <summary>A route parameter by name, and whether a request can match without it.</summary>
internal sealed record RouteParameter(string Name, bool IsOptional);
