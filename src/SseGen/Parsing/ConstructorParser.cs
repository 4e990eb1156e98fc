using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SseGen.Generator.Diagnostics;
using SseGen.Generator.Model;

namespace SseGen.Generator.Parsing;

/// <summary>
/// Chooses, at compile time, the constructor generated code calls to build an instance endpoint's
/// class per request: the one marked <c>[ActivatorUtilitiesConstructor]</c>, else the only one,
/// else the one with the most parameters (a tie is an error). Every parameter comes from DI.
/// </summary>
internal static class ConstructorParser
{
    public static List<ParameterModel>? Parse(INamedTypeSymbol type, Location? location, KnownTypes known, List<UsageProblem>? problems)
    {
        var name = TypeNames.Short(type);
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic)
        {
            return Fail(problems, location, name, "it is not a concrete class");
        }

        var chosen = Choose(type, known, out var why);
        if (chosen is null)
        {
            return Fail(problems, location, name, why);
        }

        var parameters = new List<ParameterModel>();
        foreach (var parameter in chosen.Parameters)
        {
            if (parameter.Type.TypeKind == TypeKind.Error)
            {
                // The compiler already reports the unknown type; generated code naming it would only repeat the error.
                return null;
            }

            if (parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType || parameter.Type.TypeKind == TypeKind.Pointer)
            {
                return Fail(problems, location, name, $"its constructor parameter '{parameter.Name}' cannot come from DI");
            }

            var optional = parameter.HasExplicitDefaultValue
                || (parameter.Type.IsReferenceType && parameter.Type.NullableAnnotation == NullableAnnotation.Annotated);
            parameters.Add(new ParameterModel(
                Name: parameter.Name,
                Type: TypeNames.Ref(parameter.Type),
                ParsedType: TypeNames.Ref(parameter.Type),
                Source: BindingSource.Services,
                RequestName: null,
                ServiceKey: null,
                Parse: ParseKind.None,
                IsOptional: optional && parameter.Type.IsReferenceType,
                IsNullableValueType: false,
                DefaultValue: null,
                Display: $"{TypeNames.Short(parameter.Type)} {parameter.Name}"));
        }

        return parameters;
    }

    /// <summary>The constructor ActivatorUtilities would pick, or null with the reason there is none.</summary>
    private static IMethodSymbol? Choose(INamedTypeSymbol type, KnownTypes known, out string why)
    {
        why = "it has no public or internal constructor";
        var candidates = new List<IMethodSymbol>();
        foreach (var constructor in type.InstanceConstructors)
        {
            if (Reachability.IsVisibleInAssembly(constructor.DeclaredAccessibility))
            {
                candidates.Add(constructor);
            }
        }

        IMethodSymbol? marked = null;
        foreach (var candidate in candidates)
        {
            if (SymbolFacts.HasAttribute(candidate, known.ActivatorUtilitiesConstructor))
            {
                marked = candidate;
            }
        }

        if (marked is not null)
        {
            return marked;
        }

        IMethodSymbol? chosen = null;
        foreach (var candidate in candidates)
        {
            if (chosen is null || candidate.Parameters.Length > chosen.Parameters.Length)
            {
                chosen = candidate;
            }
            else if (candidate.Parameters.Length == chosen.Parameters.Length)
            {
                why = $"two constructors take {chosen.Parameters.Length} parameters; mark one [ActivatorUtilitiesConstructor]";
                return null;
            }
        }

        return chosen;
    }

    private static List<ParameterModel>? Fail(List<UsageProblem>? problems, Location? location, string type, string reason)
    {
        problems?.Add(new UsageProblem(DiagnosticIds.UnconstructibleInstance, location, type, reason));
        return null;
    }
}
