using System;
using System.Collections.Generic;
using SseGen.Generator.Diagnostics;
using SseGen.Generator.Parsing;

namespace SseGen.Generator.Model;

/// <summary>
/// The assembly-wide checks: which <c>JsonSerializerContext</c> serializes each endpoint's items,
/// and which routes are mapped twice. Pure functions over models, shared by generator and analyzer;
/// it lives beside the models because it reads nothing else.
/// </summary>
internal static class EndpointResolver
{
    /// <summary>Merges partial declarations of one context into one model.</summary>
    public static List<JsonContextModel> MergeContexts(IEnumerable<JsonContextModel> contexts)
    {
        var byName = new SortedDictionary<string, (TypeRef Type, bool Accessible, SortedSet<string> Types)>(StringComparer.Ordinal);
        foreach (var context in contexts)
        {
            if (!byName.TryGetValue(context.Type.FullyQualifiedName, out var entry))
            {
                entry = (context.Type, true, new SortedSet<string>(StringComparer.Ordinal));
            }

            entry.Types.UnionWith(context.SerializableTypes);
            byName[context.Type.FullyQualifiedName] = (entry.Type, entry.Accessible && context.IsAccessible, entry.Types);
        }

        var merged = new List<JsonContextModel>();
        foreach (var entry in byName.Values)
        {
            merged.Add(new JsonContextModel(entry.Type, entry.Accessible, entry.Types.ToEquatableArray()));
        }

        return merged;
    }

    /// <summary>
    /// The context for the endpoint's payload, or null with <paramref name="problemId"/> set when
    /// none or several fit. Text items need no context and succeed with null.
    /// </summary>
    public static TypeRef? ResolveContext(EndpointModel endpoint, IReadOnlyList<JsonContextModel> contexts, out string? problemId, out string detail)
    {
        problemId = null;
        detail = string.Empty;
        if (endpoint.PayloadType is null)
        {
            return null;
        }

        var matches = new List<TypeRef>();
        foreach (var context in contexts)
        {
            if (context.IsAccessible && Contains(context.SerializableTypes, endpoint.PayloadType.FullyQualifiedName))
            {
                matches.Add(context.Type);
            }
        }

        if (endpoint.RequestedJsonContext is { } requested)
        {
            if (matches.Find(match => match.FullyQualifiedName == requested.FullyQualifiedName) is { } match)
            {
                return match;
            }

            problemId = DiagnosticIds.ItemTypeNotSerializable;
            detail = $"{requested.ShortName} does not list it with [JsonSerializable(typeof({endpoint.PayloadType.ShortName}))]";
            return null;
        }

        if (matches.Count == 1)
        {
            return matches[0];
        }

        if (matches.Count == 0)
        {
            problemId = DiagnosticIds.ItemTypeNotSerializable;
            detail = $"add [JsonSerializable(typeof({endpoint.PayloadType.ShortName}))] to a JsonSerializerContext of this assembly";
            return null;
        }

        problemId = DiagnosticIds.AmbiguousJsonContext;
        detail = string.Join(", ", matches.ConvertAll(static match => match.ShortName));
        return null;
    }

    /// <summary>Route shapes mapped by more than one endpoint.</summary>
    public static HashSet<string> DuplicateRoutes(IEnumerable<string> patterns)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            var shape = RoutePattern.Shape(pattern);
            if (!seen.Add(shape))
            {
                duplicates.Add(shape);
            }
        }

        return duplicates;
    }

    public static GenerationModel Resolve(IReadOnlyList<EndpointModel> endpoints, IReadOnlyList<JsonContextModel> rawContexts)
    {
        var contexts = MergeContexts(rawContexts);
        var patterns = new List<string>();
        foreach (var endpoint in endpoints)
        {
            patterns.Add(endpoint.Pattern);
        }

        var duplicates = DuplicateRoutes(patterns);
        var resolved = new List<ResolvedEndpoint>();
        foreach (var endpoint in endpoints)
        {
            if (duplicates.Contains(RoutePattern.Shape(endpoint.Pattern)))
            {
                continue;
            }

            var context = ResolveContext(endpoint, contexts, out var problem, out _);
            if (problem is null)
            {
                resolved.Add(new ResolvedEndpoint(endpoint, context));
            }
        }

        // The same input gives the same file, whatever order the compiler found the methods in.
        resolved.Sort(static (a, b) =>
        {
            var byRoute = string.CompareOrdinal(a.Endpoint.Pattern, b.Endpoint.Pattern);
            return byRoute != 0 ? byRoute : string.CompareOrdinal(a.Endpoint.DisplayName, b.Endpoint.DisplayName);
        });
        return new GenerationModel(resolved.ToEquatableArray());
    }

    private static bool Contains(EquatableArray<string> sorted, string value)
    {
        foreach (var item in sorted)
        {
            if (item == value)
            {
                return true;
            }
        }

        return false;
    }
}
