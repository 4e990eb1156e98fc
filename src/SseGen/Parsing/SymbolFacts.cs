using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Parsing;

/// <summary>
/// The questions about symbols that both the parser and the analyzers ask (is this that type, does
/// it implement that interface, does it carry that attribute), answered one way for both.
/// </summary>
internal static class SymbolFacts
{
    /// <summary>Whether <paramref name="type"/> is <paramref name="known"/>, or a construction of it when it is generic.</summary>
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        known is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    /// <summary>Whether <paramref name="type"/> is or implements <paramref name="interface"/> (any construction of it when it is generic).</summary>
    public static bool Implements(ITypeSymbol? type, INamedTypeSymbol? @interface)
    {
        if (type is null || @interface is null)
        {
            return false;
        }

        if (Is(type, @interface))
        {
            return true;
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (Is(candidate, @interface))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first attribute of class <paramref name="attributeType"/> on <paramref name="symbol"/>, or null.</summary>
    public static AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return null;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (Is(attribute.AttributeClass, attributeType))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="symbol"/> carries an attribute of class <paramref name="attributeType"/>.</summary>
    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attributeType) => FindAttribute(symbol, attributeType) is not null;
}
