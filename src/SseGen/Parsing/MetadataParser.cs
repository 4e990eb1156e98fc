using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Parsing;

/// <summary>
/// Turns the method's own attributes (<c>[Authorize]</c>, <c>[Tags]</c>, <c>[EnableCors]</c>, …)
/// into C# expressions that recreate them as endpoint metadata, as minimal APIs add a handler's
/// attributes, without reflection at run time.
/// </summary>
internal static class MetadataParser
{
    public static List<string> Parse(IMethodSymbol method, KnownTypes known)
    {
        var expressions = new List<string>();
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

            var expression = Format(attribute, type);
            if (expression is not null)
            {
                expressions.Add(expression);
            }
        }

        return expressions;
    }

    private static string? Format(AttributeData attribute, INamedTypeSymbol type)
    {
        var builder = new StringBuilder("new ").Append(TypeNames.Key(type)).Append('(');
        for (var i = 0; i < attribute.ConstructorArguments.Length; i++)
        {
            var argument = ConstantFormatter.Format(attribute.ConstructorArguments[i]);
            if (argument is null)
            {
                return null;
            }

            builder.Append(i == 0 ? string.Empty : ", ").Append(argument);
        }

        builder.Append(')');
        if (attribute.NamedArguments.Length > 0)
        {
            builder.Append(" { ");
            for (var i = 0; i < attribute.NamedArguments.Length; i++)
            {
                var named = attribute.NamedArguments[i];
                var value = ConstantFormatter.Format(named.Value);
                if (value is null)
                {
                    return null;
                }

                builder.Append(i == 0 ? string.Empty : ", ").Append(named.Key).Append(" = ").Append(value);
            }

            builder.Append(" }");
        }

        return builder.ToString();
    }

    private static bool IsCompilerAttribute(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace?.ToDisplayString();
        return ns is "System.Runtime.CompilerServices" or "System.Diagnostics" or "System.Diagnostics.CodeAnalysis";
    }
}
