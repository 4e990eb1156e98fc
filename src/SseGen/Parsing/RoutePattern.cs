using System;
using System.Collections.Generic;
using System.Text;

namespace SseGen.Generator.Parsing;

/// <summary>
/// The parts of a route pattern the generator needs: its parameters, whether it is well formed,
/// and the key routing compares when it decides whether two endpoints are ambiguous. A small
/// parser, not ASP.NET Core's: it knows braces, <c>{{</c>/<c>}}</c> escapes, constraints
/// (<c>:int</c>), optional (<c>?</c>), defaults (<c>=x</c>) and catch-alls (<c>*</c>, <c>**</c>).
/// </summary>
internal sealed class RoutePattern
{
    private RoutePattern(List<RouteParameter> parameters, string? error, string ambiguityKey)
    {
        Parameters = parameters;
        Error = error;
        AmbiguityKey = ambiguityKey;
    }

    public IReadOnlyList<RouteParameter> Parameters { get; }

    /// <summary>Why the pattern is malformed, or null.</summary>
    public string? Error { get; }

    /// <summary>
    /// What ASP.NET Core routing sees of the pattern when it decides whether two endpoints are
    /// ambiguous: the literal segments (case-insensitive), and per parameter its position, whether
    /// it is a catch-all, and its constraints. Parameter names, optional markers and defaults are
    /// left out: <c>/items/{id}</c> and <c>/items/{key?}</c> both match <c>/items/1</c> with the
    /// same precedence, so routing cannot choose. Constraints are kept: <c>/items/{id:int}</c> and
    /// <c>/items/{slug:alpha}</c> never match the same request. Every SSE endpoint is a GET, so the
    /// HTTP method never separates two of them. Two well-formed patterns collide exactly when their
    /// keys are equal; a malformed one (refused with SSE109 before anyone compares) keys as its text.
    /// </summary>
    public string AmbiguityKey { get; }

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
            return new RoutePattern(parameters, "the route pattern is empty", string.Empty);
        }

        RoutePattern Malformed(string error) => new(parameters, error, pattern);

        var key = new StringBuilder(pattern.Length);
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if ((c == '{' || c == '}') && i + 1 < pattern.Length && pattern[i + 1] == c)
            {
                key.Append(c).Append(c);
                i += 2;
            }
            else if (c == '{')
            {
                var end = pattern.IndexOf('}', i + 1);
                if (end < 0)
                {
                    return Malformed("a '{' has no matching '}'");
                }

                var body = pattern.Substring(i + 1, end - i - 1);
                var parameter = ParseParameter(body, out var error);
                if (parameter is null)
                {
                    return Malformed(error!);
                }

                if (parameters.Exists(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    return Malformed($"the route parameter '{parameter.Name}' appears twice");
                }

                parameters.Add(parameter);
                key.Append(ParameterKey(body, parameter.IsCatchAll));
                i = end + 1;
            }
            else if (c == '}')
            {
                return Malformed("a '}' has no matching '{'");
            }
            else if (c == '?')
            {
                return Malformed("a route pattern cannot contain a query string ('?')");
            }
            else
            {
                key.Append(char.ToLowerInvariant(c));
                i++;
            }
        }

        // "~/x" and "x" are the same route to routing, and so are "/x/" and "x".
        var text = key.ToString();
        if (text.StartsWith("~/", StringComparison.Ordinal))
        {
            text = text.Substring(2);
        }

        return new RoutePattern(parameters, null, text.Trim('/'));
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

        return new RouteParameter(name, optional || hasDefault || catchAll, catchAll);
    }

    /// <summary>A parameter's part of the key, <c>{*:int,min(1)}</c>: catch-all or not, then its constraints in a fixed order.</summary>
    private static string ParameterKey(string body, bool catchAll)
    {
        var constraints = new List<string>();
        var depth = 0;
        var start = -1;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (depth == 0 && (c == ':' || c == '=' || (c == '?' && i == body.Length - 1)))
            {
                if (start >= 0)
                {
                    constraints.Add(Constraint(body.Substring(start, i - start)));
                }

                // A default value ends the constraints; what follows it is not a constraint.
                start = c == ':' ? i + 1 : -1;
                if (c == '=')
                {
                    break;
                }
            }
        }

        if (start >= 0)
        {
            constraints.Add(Constraint(body.Substring(start)));
        }

        constraints.Sort(StringComparer.Ordinal);
        return "{" + (catchAll ? "*" : string.Empty) + ":" + string.Join(",", constraints) + "}";
    }

    /// <summary>A constraint's name is case-insensitive (<c>int</c>, <c>Int</c>); its argument (a regex) is not.</summary>
    private static string Constraint(string text)
    {
        var open = text.IndexOf('(');
        return open < 0 ? text.ToLowerInvariant() : text.Substring(0, open).ToLowerInvariant() + text.Substring(open);
    }
}
