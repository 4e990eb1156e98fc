using System;
using System.Collections.Generic;
using System.Text;

namespace SseGen.Generator.Model;

/// <summary>
/// What ASP.NET Core routing sees of a route pattern when it decides whether two endpoints are
/// ambiguous: the literal segments (case-insensitive), and per parameter its position, whether it
/// is a catch-all, and its constraints. Parameter names, optional markers and defaults are left
/// out: <c>/items/{id}</c> and <c>/items/{key?}</c> both match <c>/items/1</c> with the same
/// precedence, so routing cannot choose. Constraints are kept: <c>/items/{id:int}</c> and
/// <c>/items/{slug:alpha}</c> never match the same request. Every SSE endpoint is a GET, so the
/// HTTP method never separates two of them. Works on the pattern text only.
/// </summary>
internal static class RouteKey
{
    /// <summary>The key of <paramref name="pattern"/>; two endpoints collide exactly when their keys are equal.</summary>
    public static string For(string pattern)
    {
        var key = new StringBuilder();
        var text = pattern.StartsWith("~/", StringComparison.Ordinal) ? pattern.Substring(2) : pattern;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{')
            {
                key.Append("{{");
                i += 2;
            }
            else if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                key.Append("}}");
                i += 2;
            }
            else if (c == '{')
            {
                var end = text.IndexOf('}', i + 1);
                if (end < 0)
                {
                    // Malformed patterns are refused (SSE109) before anyone compares them.
                    key.Append(text.Substring(i));
                    break;
                }

                key.Append(Parameter(text.Substring(i + 1, end - i - 1)));
                i = end + 1;
            }
            else
            {
                key.Append(char.ToLowerInvariant(c));
                i++;
            }
        }

        return key.ToString().Trim('/');
    }

    /// <summary><c>{*:int,min(1)}</c>: catch-all or not, then the constraints in a fixed order.</summary>
    private static string Parameter(string body)
    {
        var catchAll = body.StartsWith("*", StringComparison.Ordinal);
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

        if (start >= 0 && start <= body.Length)
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
