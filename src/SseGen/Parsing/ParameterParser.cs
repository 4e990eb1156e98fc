using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SseGen.Generator.Diagnostics;
using SseGen.Generator.Model;

namespace SseGen.Generator.Parsing;

/// <summary>Decides, for one parameter, where its value comes from and how it parses, as minimal APIs do.</summary>
internal static class ParameterParser
{
    public static ParameterModel? Parse(IParameterSymbol parameter, RoutePattern route, KnownTypes known, List<UsageProblem>? problems)
    {
        var location = parameter.Locations.Length > 0 ? parameter.Locations[0] : null;
        var name = parameter.Name;
        var display = $"{TypeNames.Short(parameter.Type)} {name}";

        if (parameter.RefKind is RefKind.Out or RefKind.Ref)
        {
            return Fail(problems, location, display, "ref and out parameters cannot be bound");
        }

        if (parameter.Type.IsRefLikeType || parameter.Type.TypeKind == TypeKind.Pointer)
        {
            return Fail(problems, location, display, "ref struct and pointer types cannot be bound");
        }

        var type = parameter.Type;
        if (type.TypeKind == TypeKind.Error)
        {
            // The compiler already reports the unknown type; generated code naming it would only repeat the error.
            return null;
        }

        var special = SpecialSource(type, known);
        if (special is { } source)
        {
            return Create(parameter, source, key: null, ParseKind.None, type);
        }

        string? routeName = null, queryName = null, headerName = null;
        var fromServices = false;
        string? serviceKey = null;
        foreach (var attribute in parameter.GetAttributes())
        {
            var attributeType = attribute.AttributeClass;
            if (attributeType is null)
            {
                continue;
            }

            if (KnownTypes.Implements(attributeType, known.FromBody) || KnownTypes.Implements(attributeType, known.FromForm) || KnownTypes.Is(attributeType, known.AsParameters))
            {
                return Fail(problems, location, display, "an SSE endpoint is a GET: [FromBody], [FromForm] and [AsParameters] are not supported");
            }

            if (KnownTypes.Is(attributeType, known.FromKeyedServices))
            {
                serviceKey = attribute.ConstructorArguments.Length == 1 ? ConstantFormatter.Format(attribute.ConstructorArguments[0]) : null;
                if (serviceKey is null)
                {
                    return Fail(problems, location, display, "the service key of [FromKeyedServices] must be a constant");
                }
            }
            else if (KnownTypes.Implements(attributeType, known.FromRoute))
            {
                routeName = NamedString(attribute, "Name") ?? name;
            }
            else if (KnownTypes.Implements(attributeType, known.FromQuery))
            {
                queryName = NamedString(attribute, "Name") ?? name;
            }
            else if (KnownTypes.Implements(attributeType, known.FromHeader))
            {
                headerName = NamedString(attribute, "Name") ?? name;
            }
            else if (KnownTypes.Implements(attributeType, known.FromServices))
            {
                fromServices = true;
            }
        }

        if (serviceKey is not null)
        {
            return Create(parameter, BindingSource.KeyedServices, serviceKey, ParseKind.None, type);
        }

        if (fromServices)
        {
            return Create(parameter, BindingSource.Services, null, ParseKind.None, type);
        }

        BindingSource? stringSource = null;
        string? key = null;
        if (routeName is not null)
        {
            if (route.Find(routeName) is null)
            {
                return Fail(problems, location, display, $"[FromRoute] names '{routeName}', which is not a parameter of the route");
            }

            (stringSource, key) = (BindingSource.Route, routeName);
        }
        else if (queryName is not null)
        {
            (stringSource, key) = (BindingSource.Query, queryName);
        }
        else if (headerName is not null)
        {
            (stringSource, key) = (BindingSource.Header, headerName);
        }
        else if (route.Find(name) is { } routeParameter)
        {
            (stringSource, key) = (BindingSource.Route, routeParameter.Name);
        }

        var parsedType = UnderlyingType(type);
        var parse = ParseKindOf(parsedType, known);
        if (stringSource is null)
        {
            if (parse is null)
            {
                // Not a simple type and not from the request: a service, checked at startup.
                if (type.TypeKind is TypeKind.Array or TypeKind.Delegate || type.SpecialType == SpecialType.System_Object)
                {
                    return Fail(problems, location, display, "arrays, delegates and object cannot be bound; use a simple type or a registered service");
                }

                return Create(parameter, BindingSource.InferredService, null, ParseKind.None, type);
            }

            (stringSource, key) = (BindingSource.Query, name);
        }

        if (parse is null)
        {
            return Fail(problems, location, display, $"{TypeNames.Short(parsedType)} has no TryParse and does not implement IParsable<T>");
        }

        return Create(parameter, stringSource.Value, key, parse.Value, type);
    }

    private static BindingSource? SpecialSource(ITypeSymbol type, KnownTypes known)
    {
        if (KnownTypes.Is(type, known.CancellationToken))
        {
            return BindingSource.CancellationToken;
        }

        if (KnownTypes.Is(type, known.HttpContext))
        {
            return BindingSource.HttpContext;
        }

        if (KnownTypes.Is(type, known.HttpRequest))
        {
            return BindingSource.HttpRequest;
        }

        if (KnownTypes.Is(type, known.HttpResponse))
        {
            return BindingSource.HttpResponse;
        }

        if (KnownTypes.Is(type, known.ClaimsPrincipal))
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

    private static ParameterModel Create(IParameterSymbol parameter, BindingSource source, string? key, ParseKind parse, ITypeSymbol type)
    {
        var isNullableValue = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
        var isOptional = parameter.HasExplicitDefaultValue
            || isNullableValue
            || (type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.NotAnnotated);
        var defaultValue = parameter.HasExplicitDefaultValue ? DefaultValue(parameter) : null;
        return new ParameterModel(
            Name: parameter.Name,
            Type: TypeNames.AsWritten(type),
            ParsedType: TypeNames.Key(UnderlyingType(type)),
            Source: source,
            Key: key,
            Parse: parse,
            IsOptional: isOptional,
            IsNullableValueType: isNullableValue,
            DefaultValue: defaultValue,
            Display: $"{TypeNames.Short(type)} {parameter.Name}");
    }

    private static string DefaultValue(IParameterSymbol parameter)
    {
        var value = parameter.ExplicitDefaultValue;
        var type = parameter.Type;
        if (value is null)
        {
            return "default";
        }

        var underlying = UnderlyingType(type);
        if (underlying.TypeKind == TypeKind.Enum)
        {
            return $"({TypeNames.Key(underlying)})({Convert.ToString(value, CultureInfo.InvariantCulture)})";
        }

        return $"({TypeNames.Key(underlying)})({ConstantFormatter.Literal(value)})";
    }

    private static string? NamedString(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name && pair.Value.Value is string value && value.Length > 0)
            {
                return value;
            }
        }

        return null;
    }

    private static ParameterModel? Fail(List<UsageProblem>? problems, Location? location, string display, string reason)
    {
        problems?.Add(new UsageProblem(DiagnosticIds.UnbindableParameter, location, display, reason));
        return null;
    }
}
