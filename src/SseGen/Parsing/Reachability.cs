using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Parsing;

/// <summary>
/// Whether code generated into the assembly, in another class, can name a type or use a member:
/// the one place that says it, for the endpoint, its JSON context and its metadata attributes.
/// </summary>
internal static class Reachability
{
    /// <summary>True when the type and every type containing it are public or internal, and none is file-local.</summary>
    public static bool IsReachable(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal || !IsVisibleInAssembly(current.DeclaredAccessibility))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Public or internal: what generated code in the same assembly can use.</summary>
    public static bool IsVisibleInAssembly(Accessibility accessibility) =>
        accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

    /// <summary>Why a type cannot be named from another class of <paramref name="assembly"/> (itself, a containing type or a type argument), or null.</summary>
    public static string? Unnameable(ITypeSymbol type, IAssemblySymbol assembly)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return Unnameable(array.ElementType, assembly);
            case INamedTypeSymbol named:
                for (var current = named; current is not null; current = current.ContainingType)
                {
                    if (current.IsFileLocal)
                    {
                        return $"{current.ToDisplayString()}, which is file-local";
                    }

                    if (!IsAccessible(current.DeclaredAccessibility, current.ContainingAssembly, assembly))
                    {
                        return $"{current.ToDisplayString()}, which is {Describe(current.DeclaredAccessibility)}";
                    }

                    foreach (var argument in current.TypeArguments)
                    {
                        if (Unnameable(argument, assembly) is { } why)
                        {
                            return why;
                        }
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>Whether a member of <paramref name="owner"/> with <paramref name="accessibility"/> can be used from <paramref name="assembly"/> (its <c>InternalsVisibleTo</c> counted).</summary>
    public static bool IsAccessible(Accessibility accessibility, IAssemblySymbol? owner, IAssemblySymbol assembly) => accessibility switch
    {
        Accessibility.Public => true,
        Accessibility.Internal or Accessibility.ProtectedOrInternal =>
            owner is null || SymbolEqualityComparer.Default.Equals(owner, assembly) || owner.GivesAccessTo(assembly),
        _ => false,
    };

    /// <summary>The accessibility as a message says it.</summary>
    public static string Describe(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedAndInternal => "private protected",
        Accessibility.Internal or Accessibility.ProtectedOrInternal => "internal to another assembly",
        _ => "not accessible",
    };
}
