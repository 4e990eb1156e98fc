using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using SseGen.Generator.Diagnostics;
using SseGen.Generator.Model;

namespace SseGen.Generator.Parsing;

/// <summary>
/// Reads the attributes that become endpoint metadata (<c>[Authorize]</c>, <c>[Tags]</c>,
/// <c>[EnableCors]</c>, …) as data, so generated code can recreate them without reflection at run
/// time. The order is MVC's: the class's attributes (for an instance endpoint, first those it
/// inherits from its base classes) come before the method's own, so <c>[Authorize]</c> on the
/// class protects every endpoint in it and <c>[AllowAnonymous]</c> on one method opens just that
/// one, and where metadata is "last one wins" the most specific declaration wins.
/// An attribute the generated code cannot write (its class, constructor or an argument private,
/// protected or file-local) is a usage problem, never left out: leaving out an <c>[Authorize]</c>
/// would map the endpoint open.
/// </summary>
internal static class MetadataParser
{
    /// <summary>The metadata, or null when an attribute cannot be written (each one a problem in <paramref name="problems"/>).</summary>
    public static List<AttributeInfo>? Parse(IMethodSymbol method, KnownTypes known, List<UsageProblem>? problems, string display, CancellationToken cancellationToken)
    {
        var context = new Context(method, known, problems, display, cancellationToken);
        if (method.ContainingType is { } type)
        {
            if (!method.IsStatic)
            {
                AddInherited(type, context);
            }

            Add(type.GetAttributes(), context, onMethod: false);
        }

        Add(method.GetAttributes(), context, onMethod: true);
        return context.Ok ? context.Attributes : null;
    }

    /// <summary>What one parse collects, and what it needs to say where a problem is.</summary>
    private sealed class Context(IMethodSymbol method, KnownTypes known, List<UsageProblem>? problems, string display, CancellationToken cancellationToken)
    {
        public IMethodSymbol Method { get; } = method;

        public KnownTypes Known { get; } = known;

        public List<UsageProblem>? Problems { get; } = problems;

        public string Display { get; } = display;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public List<AttributeInfo> Attributes { get; } = [];

        public bool Ok { get; set; } = true;
    }

    /// <summary>
    /// The base classes' attributes whose <c>AttributeUsage</c> says <c>Inherited</c>, farthest base
    /// first; a single-use attribute is dropped when a more derived class already declares it, as
    /// <c>GetCustomAttributes(inherit: true)</c> does.
    /// </summary>
    private static void AddInherited(INamedTypeSymbol type, Context context)
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
            Add(inherited[i], context, onMethod: false);
        }
    }

    private static void Add(IEnumerable<AttributeData> source, Context context, bool onMethod)
    {
        foreach (var attribute in source)
        {
            var type = attribute.AttributeClass;
            if (type is null || type.TypeKind == TypeKind.Error || attribute.AttributeConstructor is null
                || SymbolFacts.Is(type, context.Known.SseEndpointAttribute)
                || IsCompilerAttribute(type))
            {
                continue;
            }

            if (WhyUnwritable(attribute, type, context.Method.ContainingAssembly) is { } why)
            {
                // On the method, the attribute itself is the place to fix; from the class or a base
                // class, the method says which endpoint it costs (the attribute may be in metadata).
                var location = (onMethod ? attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() : null)
                    ?? (context.Method.Locations.Length > 0 ? context.Method.Locations[0] : null);
                context.Problems?.Add(new UsageProblem(DiagnosticIds.UnwritableMetadata, location, context.Display, type.ToDisplayString(), why));
                context.Ok = false;
                continue;
            }

            // An argument with an error type is a compile error of its own; the build fails anyway.
            if (Read(attribute, type) is { } info)
            {
                context.Attributes.Add(info);
            }
        }
    }

    /// <summary>Why generated code in another class of <paramref name="assembly"/> could not write the attribute, or null.</summary>
    private static string? WhyUnwritable(AttributeData attribute, INamedTypeSymbol type, IAssemblySymbol assembly)
    {
        if (Reachability.Unnameable(type, assembly) is { } why)
        {
            return why;
        }

        var constructor = attribute.AttributeConstructor!;
        if (!Reachability.IsAccessible(constructor.DeclaredAccessibility, constructor.ContainingAssembly, assembly))
        {
            return $"its constructor is {Reachability.Describe(constructor.DeclaredAccessibility)}";
        }

        foreach (var argument in attribute.ConstructorArguments)
        {
            if (UnnameableArgument(argument, assembly) is { } argumentWhy)
            {
                return argumentWhy;
            }
        }

        foreach (var named in attribute.NamedArguments)
        {
            if (UnnameableArgument(named.Value, assembly) is { } argumentWhy)
            {
                return argumentWhy;
            }
        }

        return null;
    }

    /// <summary>A <c>typeof</c>, an enum value or an array whose type the generated code cannot name.</summary>
    private static string? UnnameableArgument(TypedConstant argument, IAssemblySymbol assembly)
    {
        if (argument.Kind == TypedConstantKind.Error)
        {
            return null;
        }

        if (argument.Kind == TypedConstantKind.Array && !argument.IsNull)
        {
            foreach (var element in argument.Values)
            {
                if (UnnameableArgument(element, assembly) is { } why)
                {
                    return why;
                }
            }
        }

        var named = argument.Kind == TypedConstantKind.Type ? argument.Value as ITypeSymbol : argument.Type;
        return named is not null && Reachability.Unnameable(named, assembly) is { } typeWhy ? "an argument names " + typeWhy : null;
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
