using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SseGen.Generator.Model;

namespace SseGen.Generator.Parsing;

/// <summary>Reads a <c>JsonSerializerContext</c> class and the types its <c>[JsonSerializable]</c> attributes list.</summary>
internal static class JsonContextParser
{
    public static JsonContextModel? Parse(INamedTypeSymbol type)
    {
        if (!DerivesFromJsonSerializerContext(type))
        {
            return null;
        }

        var types = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonSerializableAttribute"
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is ITypeSymbol listed)
            {
                types.Add(TypeNames.Ref(listed).FullyQualifiedName);
            }
        }

        return new JsonContextModel(TypeNames.Ref(type), !type.IsGenericType && Reachability.IsReachable(type), types.ToEquatableArray());
    }

    private static bool DerivesFromJsonSerializerContext(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == "System.Text.Json.Serialization.JsonSerializerContext")
            {
                return true;
            }
        }

        return false;
    }
}
