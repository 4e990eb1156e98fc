using System;
using System.Collections.Generic;
using System.Text;
using SseGen.Generator.Model;

namespace SseGen.Generator.Emitting;

/// <summary>
/// The name of each endpoint's generated class, from its own type and method only, so adding or
/// removing an endpoint never renames the others (a diff of the generated file stays small).
/// </summary>
internal static class EndpointClassNames
{
    public static List<string> For(EquatableArray<ResolvedEndpoint> endpoints)
    {
        var names = new List<string>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var resolved in endpoints)
        {
            var name = BaseName(resolved.Endpoint);
            names.Add(name);
            counts[name] = counts.TryGetValue(name, out var count) ? count + 1 : 1;
        }

        // Same type name and method name (two namespaces, or overloads): the route, unique per
        // endpoint, tells them apart, and depends on nothing but the endpoint itself.
        for (var i = 0; i < names.Count; i++)
        {
            if (counts[names[i]] > 1)
            {
                names[i] += "_" + Fnv1a(endpoints[i].Endpoint.Pattern).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return names;
    }

    /// <summary><c>SseEndpoint_Quotes_Stream</c>: the type's simple name and the method's.</summary>
    private static string BaseName(EndpointModel e)
    {
        var name = new StringBuilder("SseEndpoint_");
        var type = e.ContainingType.ShortName;
        var lastDot = type.LastIndexOf('.');
        foreach (var c in type.Substring(lastDot + 1) + "_" + e.MethodName)
        {
            name.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return name.ToString();
    }

    /// <summary>FNV-1a: stable across processes and runtimes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }
}
