using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using SseGen.Generator.Diagnostics;
using SseGen.Generator.Model;

namespace SseGen.Generator.Parsing;

/// <summary>
/// Turns an <c>[SseEndpoint]</c> method into an <see cref="EndpointModel"/>, or into the usage
/// problems that stop it. The generator and the usage analyzer both call this, so what one reports
/// and what the other accepts cannot drift apart. With the parsers it calls, the only generator code that reads symbols.
/// </summary>
internal static class EndpointParser
{
    public static EndpointModel? Parse(IMethodSymbol method, AttributeData attribute, KnownTypes known, List<UsageProblem>? problems, CancellationToken cancellationToken)
    {
        var location = method.Locations.Length > 0 ? method.Locations[0] : null;
        var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? location;
        var display = $"{method.ContainingType?.Name}.{method.Name}";
        var ok = true;

        if (!IsReachable(method, out var why))
        {
            problems?.Add(new UsageProblem(DiagnosticIds.GenericOrInaccessible, location, display, why));
            ok = false;
        }

        var arguments = SseEndpointArguments.Read(attribute);
        var route = RoutePattern.Parse(arguments.Pattern);
        ok &= CheckArguments(arguments, route, problems, attributeLocation, display);

        var returnType = method.ReturnType as INamedTypeSymbol;
        if (!SymbolFacts.Is(returnType, known.IAsyncEnumerable) || returnType!.TypeArguments.Length != 1)
        {
            problems?.Add(new UsageProblem(DiagnosticIds.NotAsyncEnumerable, location, display, TypeNames.Short(method.ReturnType)));
            return null;
        }

        var itemType = returnType.TypeArguments[0];
        var (kind, payload) = Classify(itemType, known);
        var parameters = ParseParameters(method, route, known, problems, cancellationToken);
        if (parameters is null)
        {
            ok = false;
        }
        else if (route.Error is null)
        {
            // Only when every parameter bound: a parameter that failed has its own error, and may be the one the route meant.
            ok &= CheckRouteParameters(route, parameters, problems, attributeLocation, display);
        }

        var constructorParameters = method.IsStatic || method.ContainingType is null
            ? new List<ParameterModel>()
            : ParseConstructor(method.ContainingType, location, known, problems, ref ok);

        var metadata = MetadataParser.Parse(method, known, problems, display, cancellationToken);
        if (!ok || metadata is null)
        {
            return null;
        }

        return new EndpointModel(
            Pattern: arguments.Pattern!,
            EventName: arguments.EventName,
            ContainingType: TypeNames.Ref(method.ContainingType!),
            MethodName: method.Name,
            DisplayName: display,
            IsStatic: method.IsStatic,
            ItemKind: kind,
            ItemType: TypeNames.Ref(itemType),
            PayloadType: payload is null ? null : TypeNames.Ref(payload),
            RequestedJsonContext: arguments.JsonContext is null ? null : TypeNames.Ref(arguments.JsonContext),
            Parameters: parameters!.ToEquatableArray(),
            ConstructorParameters: constructorParameters.ToEquatableArray(),
            Metadata: metadata.ToEquatableArray(),
            HasStreamLimit: SymbolFacts.HasAttribute(method, known.SseStreamLimitAttribute),
            SubscribesToChannel: kind == ItemKind.SseItemJson && TakesChannelOf(method, payload!, known));
    }

    /// <summary>
    /// Whether the method, or (for an instance method) one of its class's constructors, takes the
    /// broadcast channels of <paramref name="payload"/>. Read from signatures only: a body can hide
    /// where its items come from, a signature cannot, and the model then changes only when it does.
    /// </summary>
    private static bool TakesChannelOf(IMethodSymbol method, ITypeSymbol payload, KnownTypes known)
    {
        if (AnyChannelOf(method.Parameters, payload, known))
        {
            return true;
        }

        if (!method.IsStatic && method.ContainingType is { } type)
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                if (AnyChannelOf(constructor.Parameters, payload, known))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool AnyChannelOf(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters, ITypeSymbol payload, KnownTypes known)
    {
        foreach (var parameter in parameters)
        {
            if ((SymbolFacts.Is(parameter.Type, known.SseChannels) || SymbolFacts.Is(parameter.Type, known.SseChannel))
                && parameter.Type is INamedTypeSymbol { TypeArguments.Length: 1 } channel
                && SymbolEqualityComparer.Default.Equals(channel.TypeArguments[0], payload))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// For the generator: the endpoint, or the first reason it cannot be generated (id and message,
    /// no location), so generated code can fail at startup naming the method and the rule.
    /// </summary>
    public static EndpointCandidate ParseCandidate(IMethodSymbol method, AttributeData attribute, KnownTypes known, CancellationToken cancellationToken)
    {
        var problems = new List<UsageProblem>();
        if (Parse(method, attribute, known, problems, cancellationToken) is { } endpoint)
        {
            return new EndpointCandidate(endpoint, null);
        }

        var display = $"{method.ContainingType?.Name}.{method.Name}";
        return problems.Count > 0
            ? new EndpointCandidate(null, new SkippedEndpoint(display, problems[0].Id, problems[0].Message()))
            : new EndpointCandidate(null, new SkippedEndpoint(display, DiagnosticIds.GenericOrInaccessible, "the method cannot be modelled"));
    }

    /// <summary>Reports a malformed route pattern and an event name that would end the event early.</summary>
    private static bool CheckArguments(SseEndpointArguments arguments, RoutePattern route, List<UsageProblem>? problems, Location? location, string display)
    {
        var ok = true;
        if (route.Error is not null)
        {
            problems?.Add(new UsageProblem(DiagnosticIds.InvalidRouteOrEventName, location, display, $"route pattern \"{arguments.Pattern}\": {route.Error}"));
            ok = false;
        }

        if (arguments.EventName is { } eventName && eventName.IndexOfAny(new[] { '\r', '\n' }) >= 0)
        {
            problems?.Add(new UsageProblem(DiagnosticIds.InvalidRouteOrEventName, location, display, "EventName contains a line break, which would end the event early"));
            ok = false;
        }

        return ok;
    }

    /// <summary>Every parameter's model, or null when one of them cannot be bound (its problem is reported).</summary>
    private static List<ParameterModel>? ParseParameters(IMethodSymbol method, RoutePattern route, KnownTypes known, List<UsageProblem>? problems, CancellationToken cancellationToken)
    {
        var parameters = new List<ParameterModel>();
        var ok = true;
        foreach (var parameter in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ParameterParser.Parse(parameter, route, known, problems) is { } model)
            {
                parameters.Add(model);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? parameters : null;
    }

    /// <summary>Reports each route parameter that no method parameter binds.</summary>
    private static bool CheckRouteParameters(RoutePattern route, List<ParameterModel> parameters, List<UsageProblem>? problems, Location? location, string display)
    {
        var ok = true;
        foreach (var routeParameter in route.Parameters)
        {
            if (!parameters.Exists(p => p.Source == BindingSource.Route && string.Equals(p.RequestName, routeParameter.Name, System.StringComparison.OrdinalIgnoreCase)))
            {
                problems?.Add(new UsageProblem(DiagnosticIds.RouteParameterWithoutMethodParameter, location, display, routeParameter.Name));
                ok = false;
            }
        }

        return ok;
    }

    /// <summary>
    /// For an instance method: the parameters of the constructor generated code calls. Whether and
    /// how the instance is disposed is the runtime's decision (<c>SseEndpointHost</c> is handed it).
    /// </summary>
    private static List<ParameterModel> ParseConstructor(INamedTypeSymbol type, Location? location, KnownTypes known, List<UsageProblem>? problems, ref bool ok)
    {
        var chosen = ConstructorParser.Parse(type, location, known, problems);
        if (chosen is null)
        {
            ok = false;
            return new List<ParameterModel>();
        }

        return chosen;
    }

    /// <summary>How items become events, and the type serialized as JSON (the <c>T</c> of <c>SseItem&lt;T&gt;</c>); null for text.</summary>
    private static (ItemKind Kind, ITypeSymbol? Payload) Classify(ITypeSymbol itemType, KnownTypes known)
    {
        if (itemType.SpecialType == SpecialType.System_String)
        {
            return (ItemKind.Text, null);
        }

        if (SymbolFacts.Is(itemType, known.SseItem) && itemType is INamedTypeSymbol { TypeArguments.Length: 1 } sseItem)
        {
            var data = sseItem.TypeArguments[0];
            return data.SpecialType == SpecialType.System_String ? (ItemKind.SseItemText, null) : (ItemKind.SseItemJson, data);
        }

        return (ItemKind.Json, itemType);
    }

    private static bool IsReachable(IMethodSymbol method, out string why)
    {
        why = string.Empty;
        if (method.IsGenericMethod)
        {
            why = "it is generic";
            return false;
        }

        if (!Reachability.IsVisibleInAssembly(method.DeclaredAccessibility))
        {
            why = "it is not public or internal";
            return false;
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsGenericType)
            {
                why = $"its type {type.Name} is generic";
                return false;
            }

            if (type.IsFileLocal || !Reachability.IsVisibleInAssembly(type.DeclaredAccessibility))
            {
                why = $"its type {type.Name} is not public or internal";
                return false;
            }
        }

        return true;
    }
}
