using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SseGen.Generator.Model;

namespace SseGen.Generator.Parsing;

/// <summary>
/// Reads the method's own attributes (<c>[Authorize]</c>, <c>[Tags]</c>, <c>[EnableCors]</c>, …) as
/// data, so generated code can recreate them as endpoint metadata, as minimal APIs add a handler's
/// attributes, without reflection at run time.
/// </summary>
internal static class MetadataParser
{
    public static List<AttributeInfo> Parse(IMethodSymbol method, KnownTypes known)
    {
        var attributes = new List<AttributeInfo>();
        foreach (var attribute in method.GetAttributes())
        {
            var type = attribute.AttributeClass;
            if (type is null || type.TypeKind == TypeKind.Error || attribute.AttributeConstructor is null
                || KnownTypes.Is(type, known.SseEndpointAttribute)
                || !Reachability.IsReachable(type)
                || IsCompilerAttribute(type))
            {
                continue;
            }

            if (Read(attribute, type) is { } info)
            {
                attributes.Add(info);
            }
        }

        return attributes;
    }

    /// <summary>The attribute as data, or null when an argument cannot be read (an error type in it).</summary>
    private static AttributeInfo? Read(AttributeData attribute, INamedTypeSymbol type)
    {
        var arguments = new List<ConstantInfo>();
        foreach (var argument in attribute.ConstructorArguments)
        {
            if (ConstantParser.Parse(argument) is not { } value)
            {
                return null;
            }

            arguments.Add(value);
        }

        var named = new List<NamedArgumentInfo>();
        foreach (var pair in attribute.NamedArguments)
        {
            if (ConstantParser.Parse(pair.Value) is not { } value)
            {
                return null;
            }

            named.Add(new NamedArgumentInfo(pair.Key, value));
        }

        return new AttributeInfo(TypeNames.Ref(type), arguments.ToEquatableArray(), named.ToEquatableArray());
    }

    private static bool IsCompilerAttribute(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace?.ToDisplayString();
        return ns is "System.Runtime.CompilerServices" or "System.Diagnostics" or "System.Diagnostics.CodeAnalysis";
    }
}
