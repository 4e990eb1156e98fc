using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SseGen.Generator.Model;

namespace SseGen.Generator.Parsing;

/// <summary>
/// Reads the attributes that become endpoint metadata (<c>[Authorize]</c>, <c>[Tags]</c>,
/// <c>[EnableCors]</c>, …) as data, so generated code can recreate them without reflection at run
/// time. The order is MVC's: the class's attributes (for an instance endpoint, first those it
/// inherits from its base classes) come before the method's own, so <c>[Authorize]</c> on the
/// class protects every endpoint in it and <c>[AllowAnonymous]</c> on one method opens just that
/// one, and where metadata is "last one wins" the most specific declaration wins.
/// </summary>
internal static class MetadataParser
{
    public static List<AttributeInfo> Parse(IMethodSymbol method, KnownTypes known)
    {
        var attributes = new List<AttributeInfo>();
        if (method.ContainingType is { } type)
        {
            if (!method.IsStatic)
            {
                AddInherited(type, known, attributes);
            }

            Add(type.GetAttributes(), known, attributes);
        }

        Add(method.GetAttributes(), known, attributes);
        return attributes;
    }

    /// <summary>
    /// The base classes' attributes whose <c>AttributeUsage</c> says <c>Inherited</c>, farthest base
    /// first; a single-use attribute is dropped when a more derived class already declares it, as
    /// <c>GetCustomAttributes(inherit: true)</c> does.
    /// </summary>
    private static void AddInherited(INamedTypeSymbol type, KnownTypes known, List<AttributeInfo> attributes)
    {
        var declared = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeType)
            {
                declared.Add(attributeType.ToDisplayString());
            }
        }

        var chain = new List<INamedTypeSymbol>();
        for (var baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
        {
            chain.Add(baseType);
        }

        var inherited = new List<List<AttributeData>>();
        foreach (var baseType in chain)
        {
            var kept = new List<AttributeData>();
            foreach (var attribute in baseType.GetAttributes())
            {
                if (attribute.AttributeClass is not { } attributeType)
                {
                    continue;
                }

                var (isInherited, allowMultiple) = Usage(attributeType);
                var name = attributeType.ToDisplayString();
                if (isInherited && (allowMultiple || !declared.Contains(name)))
                {
                    kept.Add(attribute);
                }
            }

            foreach (var attribute in kept)
            {
                declared.Add(attribute.AttributeClass!.ToDisplayString());
            }

            inherited.Add(kept);
        }

        for (var i = inherited.Count - 1; i >= 0; i--)
        {
            Add(inherited[i], known, attributes);
        }
    }

    private static void Add(IEnumerable<AttributeData> source, KnownTypes known, List<AttributeInfo> attributes)
    {
        foreach (var attribute in source)
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
    }

    /// <summary><c>[AttributeUsage(Inherited = …, AllowMultiple = …)]</c> of an attribute class or its bases; both default as in the runtime.</summary>
    private static (bool Inherited, bool AllowMultiple) Usage(INamedTypeSymbol attributeType)
    {
        for (var type = attributeType; type is not null; type = type.BaseType)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "AttributeUsageAttribute", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                {
                    var inherited = true;
                    var allowMultiple = false;
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key == "Inherited" && named.Value.Value is bool i)
                        {
                            inherited = i;
                        }
                        else if (named.Key == "AllowMultiple" && named.Value.Value is bool m)
                        {
                            allowMultiple = m;
                        }
                    }

                    return (inherited, allowMultiple);
                }
            }
        }

        return (true, false);
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
        return ns is "System.Runtime.CompilerServices" or "System.Diagnostics" or "System.Diagnostics.CodeAnalysis" or "System.CodeDom.Compiler";
    }
}
