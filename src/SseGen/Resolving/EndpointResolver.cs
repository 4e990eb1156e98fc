using System;
using System.Collections.Generic;
using SseGen.Generator.Diagnostics;
using SseGen.Generator.Model;
using SseGen.Generator.Parsing;

namespace SseGen.Generator.Resolving;

/// <summary>
/// The assembly-wide checks, after every method is parsed: which <c>JsonSerializerContext</c>
/// serializes each endpoint's items, which routes routing could not tell apart, and which methods
/// are left out and why. Pure functions over models (no symbols), shared by generator and analyzer.
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

    /// <summary>
    /// For each endpoint, the index of the first other endpoint routing could not tell it apart
    /// from (<see cref="RoutePattern.AmbiguityKey"/>), or -1.
    /// </summary>
    public static int[] RouteConflicts(IReadOnlyList<string> patterns)
    {
        var keys = new string[patterns.Count];
        var firstByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var conflicts = new int[patterns.Count];
        for (var i = 0; i < patterns.Count; i++)
        {
            keys[i] = RoutePattern.Parse(patterns[i]).AmbiguityKey;
            conflicts[i] = -1;
            if (firstByKey.TryGetValue(keys[i], out var first))
            {
                conflicts[i] = first;
                if (conflicts[first] < 0)
                {
                    conflicts[first] = i;
                }
            }
            else
            {
                firstByKey.Add(keys[i], i);
            }
        }

        return conflicts;
    }

    /// <summary>The message arguments of SSE105 for <paramref name="endpoint"/>, which collides with <paramref name="other"/>.</summary>
    public static string[] DuplicateRouteArguments(EndpointModel endpoint, EndpointModel other) =>
        new[] { endpoint.DisplayName, endpoint.Pattern, other.DisplayName, other.Pattern };

    public static GenerationModel Resolve(IReadOnlyList<EndpointCandidate> candidates, IReadOnlyList<JsonContextModel> rawContexts)
    {
        var contexts = MergeContexts(rawContexts);
        var endpoints = new List<EndpointModel>();
        var skipped = new List<SkippedEndpoint>();
        foreach (var candidate in candidates)
        {
            if (candidate.Endpoint is { } endpoint)
            {
                endpoints.Add(endpoint);
            }
            else if (candidate.Skipped is { } reason)
            {
                skipped.Add(reason);
            }
        }

        var conflicts = RouteConflicts(endpoints.ConvertAll(static e => e.Pattern));
        var resolved = new List<ResolvedEndpoint>();
        for (var i = 0; i < endpoints.Count; i++)
        {
            var endpoint = endpoints[i];
            if (conflicts[i] >= 0)
            {
                skipped.Add(Skip(endpoint, DiagnosticIds.DuplicateRoute, DuplicateRouteArguments(endpoint, endpoints[conflicts[i]])));
                continue;
            }

            var context = ResolveContext(endpoint, contexts, out var problem, out var detail);
            if (problem is null)
            {
                resolved.Add(new ResolvedEndpoint(endpoint, context));
            }
            else
            {
                skipped.Add(Skip(endpoint, problem, endpoint.DisplayName, detail));
            }
        }

        // The same input gives the same file, whatever order the compiler found the methods in.
        resolved.Sort(static (a, b) =>
        {
            var byRoute = string.CompareOrdinal(a.Endpoint.Pattern, b.Endpoint.Pattern);
            return byRoute != 0 ? byRoute : string.CompareOrdinal(a.Endpoint.DisplayName, b.Endpoint.DisplayName);
        });
        skipped.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.DisplayName, b.DisplayName);
            return byName != 0 ? byName : string.CompareOrdinal(a.Message, b.Message);
        });
        return new GenerationModel(resolved.ToEquatableArray(), skipped.ToEquatableArray());
    }

    private static SkippedEndpoint Skip(EndpointModel endpoint, string id, params string[] arguments) =>
        new(endpoint.DisplayName, id, UsageProblem.Format(id, arguments));

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
