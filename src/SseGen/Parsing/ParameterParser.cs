using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SseGen.Generator.Diagnostics;
using SseGen.Generator.Model;

namespace SseGen.Generator.Parsing;

/// <summary>Decides, for one parameter, where its value comes from and how it parses, as minimal APIs do.</summary>
internal static class ParameterParser
{
    public static ParameterModel? Parse(IParameterSymbol parameter, RoutePattern route, KnownTypes known, List<UsageProblem>? problems)
    {
        var location = parameter.Locations.Length > 0 ? parameter.Locations[0] : null;
        var display = $"{TypeNames.Short(parameter.Type)} {parameter.Name}";
        var type = parameter.Type;
        if (parameter.RefKind is RefKind.Out or RefKind.Ref)
        {
            return Fail(problems, location, display, "ref and out parameters cannot be bound");
        }

        if (type.IsRefLikeType || type.TypeKind == TypeKind.Pointer)
        {
            return Fail(problems, location, display, "ref struct and pointer types cannot be bound");
        }

        if (type.TypeKind == TypeKind.Error)
        {
            // The compiler already reports the unknown type; generated code naming it would only repeat the error.
            return null;
        }

        if (SpecialSource(type, known) is { } special)
        {
            return Create(parameter, special, requestName: null, serviceKey: null, ParseKind.None);
        }

        var attributes = BindingAttributes.Read(parameter, known);
        if (attributes.Problem is { } problem)
        {
            return Fail(problems, location, display, problem);
        }

        if (attributes.ServiceKey is { } serviceKey)
        {
            return Create(parameter, BindingSource.KeyedServices, requestName: null, serviceKey, ParseKind.None);
        }

        if (attributes.FromServices)
        {
            return Create(parameter, BindingSource.Services, requestName: null, serviceKey: null, ParseKind.None);
        }

        if (attributes.RouteName is { } routeName && route.Find(routeName) is null)
        {
            return Fail(problems, location, display, $"[FromRoute] names '{routeName}', which is not a parameter of the route");
        }

        return FromRequestOrServices(parameter, attributes, route, known, problems, location, display);
    }

    /// <summary>
    /// A parameter no attribute sends to DI: a string from the route, query or a header when its type
    /// parses, else (without a request attribute) a service, as minimal APIs infer it.
    /// </summary>
    private static ParameterModel? FromRequestOrServices(IParameterSymbol parameter, BindingAttributes attributes, RoutePattern route, KnownTypes known, List<UsageProblem>? problems, Location? location, string display)
    {
        var type = parameter.Type;
        var (source, requestName) = attributes switch
        {
            { RouteName: { } name } => (BindingSource.Route, name),
            { QueryName: { } name } => (BindingSource.Query, name),
            { HeaderName: { } name } => (BindingSource.Header, name),
            _ => route.Find(parameter.Name) is { } routeParameter
                ? (BindingSource.Route, routeParameter.Name)
                : ((BindingSource?)null, (string?)null),
        };

        var parsedType = UnderlyingType(type);
        var parse = ParseKindOf(parsedType, known);
        if (source is null)
        {
            if (parse is null)
            {
                // Not a simple type and not from the request: a service, checked at startup.
                if (type.TypeKind is TypeKind.Array or TypeKind.Delegate || type.SpecialType == SpecialType.System_Object)
                {
                    return Fail(problems, location, display, "arrays, delegates and object cannot be bound; use a simple type or a registered service");
                }

                return Create(parameter, BindingSource.InferredService, requestName: null, serviceKey: null, ParseKind.None);
            }

            (source, requestName) = (BindingSource.Query, parameter.Name);
        }

        if (parse is null)
        {
            return Fail(problems, location, display, $"{TypeNames.Short(parsedType)} has no TryParse and does not implement IParsable<T>");
        }

        return Create(parameter, source.Value, requestName, serviceKey: null, parse.Value);
    }

    private static BindingSource? SpecialSource(ITypeSymbol type, KnownTypes known)
    {
        if (SymbolFacts.Is(type, known.CancellationToken))
        {
            return BindingSource.CancellationToken;
        }

        if (SymbolFacts.Is(type, known.HttpContext))
        {
            return BindingSource.HttpContext;
        }

        if (SymbolFacts.Is(type, known.HttpRequest))
        {
            return BindingSource.HttpRequest;
        }

        if (SymbolFacts.Is(type, known.HttpResponse))
        {
            return BindingSource.HttpResponse;
        }

        if (SymbolFacts.Is(type, known.ClaimsPrincipal))
        {
            return BindingSource.User;
        }

        return null;
    }

    private static ITypeSymbol UnderlyingType(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type;

    private static ParseKind? ParseKindOf(ITypeSymbol type, KnownTypes known)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return ParseKind.None;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return ParseKind.Enum;
        }

        if (known.IParsable is { } parsable)
        {
            foreach (var candidate in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, parsable)
                    && SymbolEqualityComparer.Default.Equals(candidate.TypeArguments[0], type))
                {
                    return ParseKind.Parsable;
                }
            }
        }

        foreach (var member in type.GetMembers("TryParse"))
        {
            if (member is IMethodSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public, ReturnType.SpecialType: SpecialType.System_Boolean, Parameters.Length: 2 } method
                && method.Parameters[0].Type.SpecialType == SpecialType.System_String
                && method.Parameters[1].RefKind == RefKind.Out
                && SymbolEqualityComparer.Default.Equals(method.Parameters[1].Type, type))
            {
                return ParseKind.StaticTryParse;
            }
        }

        return null;
    }

    private static ParameterModel Create(IParameterSymbol parameter, BindingSource source, string? requestName, ConstantInfo? serviceKey, ParseKind parse)
    {
        var type = parameter.Type;
        var isNullableValue = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
        var isOptional = parameter.HasExplicitDefaultValue
            || isNullableValue
            || (type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.NotAnnotated);
        return new ParameterModel(
            Name: parameter.Name,
            Type: TypeNames.Ref(type),
            ParsedType: TypeNames.Ref(UnderlyingType(type)),
            Source: source,
            RequestName: requestName,
            ServiceKey: serviceKey,
            Parse: parse,
            IsOptional: isOptional,
            IsNullableValueType: isNullableValue,
            DefaultValue: parameter.HasExplicitDefaultValue ? ConstantParser.DefaultValue(parameter) : null,
            Display: $"{TypeNames.Short(type)} {parameter.Name}");
    }

    private static ParameterModel? Fail(List<UsageProblem>? problems, Location? location, string display, string reason)
    {
        problems?.Add(new UsageProblem(DiagnosticIds.UnbindableParameter, location, display, reason));
        return null;
    }
}
