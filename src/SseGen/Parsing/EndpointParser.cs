using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using SseGen.Generator.Diagnostics;
using SseGen.Generator.Model;

namespace SseGen.Generator.Parsing;

/// <summary>
/// Turns an <c>[SseEndpoint]</c> method into an <see cref="EndpointModel"/>, or into the usage
/// problems that stop it. The generator and the usage analyzer both call this, so what one reports
/// and what the other accepts cannot drift apart. The only place that reads method symbols.
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

        var pattern = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
        var route = RoutePattern.Parse(pattern);
        if (route.Error is not null)
        {
            problems?.Add(new UsageProblem(DiagnosticIds.InvalidRouteOrEventName, attributeLocation, display, $"route pattern \"{pattern}\": {route.Error}"));
            ok = false;
        }

        string? eventName = null;
        string? requestedContext = null;
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "EventName")
            {
                eventName = named.Value.Value as string;
                if (eventName is not null && eventName.IndexOfAny(new[] { '\r', '\n' }) >= 0)
                {
                    problems?.Add(new UsageProblem(DiagnosticIds.InvalidRouteOrEventName, attributeLocation, display, "EventName contains a line break, which would end the event early"));
                    ok = false;
                }
            }
            else if (named.Key == "JsonContext" && named.Value.Value is ITypeSymbol contextType)
            {
                requestedContext = TypeNames.Key(contextType);
            }
        }

        var returnType = method.ReturnType as INamedTypeSymbol;
        if (!KnownTypes.Is(returnType, known.IAsyncEnumerable) || returnType!.TypeArguments.Length != 1)
        {
            problems?.Add(new UsageProblem(DiagnosticIds.NotAsyncEnumerable, location, display, TypeNames.Short(method.ReturnType)));
            return null;
        }

        var itemType = returnType.TypeArguments[0];
        var (kind, payload) = Classify(itemType, known);

        var parameters = new List<ParameterModel>();
        var parametersOk = true;
        foreach (var parameter in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = ParameterParser.Parse(parameter, route, known, problems);
            if (model is null)
            {
                parametersOk = false;
                ok = false;
            }
            else
            {
                parameters.Add(model);
            }
        }

        // A parameter that failed to bind already has its own error; it may be the one the route meant.
        if (route.Error is null && parametersOk)
        {
            foreach (var routeParameter in route.Parameters)
            {
                if (!parameters.Exists(p => p.Source == BindingSource.Route && string.Equals(p.Key, routeParameter.Name, System.StringComparison.OrdinalIgnoreCase)))
                {
                    problems?.Add(new UsageProblem(DiagnosticIds.RouteParameterWithoutMethodParameter, attributeLocation, display, routeParameter.Name));
                    ok = false;
                }
            }
        }

        var constructorParameters = new List<ParameterModel>();
        var disposeKind = 0;
        if (!method.IsStatic && method.ContainingType is { } containing)
        {
            var chosen = ConstructorParser.Parse(containing, location, known, problems);
            if (chosen is null)
            {
                ok = false;
            }
            else
            {
                constructorParameters = chosen;
                disposeKind = KnownTypes.Implements(containing, known.IAsyncDisposable) ? 2
                    : KnownTypes.Implements(containing, known.IDisposable) ? 1
                    : 0;
            }
        }

        if (!ok)
        {
            return null;
        }

        return new EndpointModel(
            Pattern: pattern!,
            EventName: eventName,
            ContainingType: TypeNames.Key(method.ContainingType!),
            MethodName: SyntaxFacts(method.Name),
            DisplayName: display,
            IsStatic: method.IsStatic,
            ItemKind: kind,
            ItemType: TypeNames.AsWritten(itemType),
            PayloadType: payload is null ? null : TypeNames.Key(payload),
            RequestedJsonContext: requestedContext,
            Parameters: parameters.ToEquatableArray(),
            ConstructorParameters: constructorParameters.ToEquatableArray(),
            DisposeKind: disposeKind,
            Metadata: MetadataParser.Parse(method, known).ToEquatableArray());
    }

    private static (ItemKind Kind, ITypeSymbol? Payload) Classify(ITypeSymbol itemType, KnownTypes known)
    {
        if (itemType.SpecialType == SpecialType.System_String)
        {
            return (ItemKind.Text, null);
        }

        if (KnownTypes.Is(itemType, known.SseItem) && itemType is INamedTypeSymbol { TypeArguments.Length: 1 } sseItem)
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

    private static string SyntaxFacts(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;
}
