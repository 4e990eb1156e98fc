using System;
using System.Text;

namespace SseGen;

/// <summary>
/// A type's name as a shared store keys it: namespace, nesting (<c>+</c>) and generic arguments,
/// without assembly names or versions, so it is the same on every instance and after an upgrade,
/// and <c>Envelope&lt;Order&gt;</c> and <c>Envelope&lt;Alert&gt;</c> never share a key.
/// </summary>
internal static class SseTypeName
{
    public static string Of(Type type)
    {
        var name = new StringBuilder();
        Append(name, type);
        return name.ToString();
    }

    private static void Append(StringBuilder name, Type type)
    {
        if (type.IsArray)
        {
            Append(name, type.GetElementType()!);
            name.Append('[').Append(',', type.GetArrayRank() - 1).Append(']');
        }
        else if (type.IsGenericParameter)
        {
            name.Append(type.Name);
        }
        else if (type.IsConstructedGenericType)
        {
            AppendDefinition(name, type.GetGenericTypeDefinition(), type.GetGenericArguments());
        }
        else
        {
            AppendDefinition(name, type, type.GetGenericArguments());
        }
    }

    // `arguments` holds the arguments of every level: a nested type's list starts with its declaring type's.
    private static void AppendDefinition(StringBuilder name, Type definition, Type[] arguments)
    {
        var declared = 0;
        if (definition.IsNested)
        {
            var declaring = definition.DeclaringType!;
            declared = declaring.IsGenericTypeDefinition ? declaring.GetGenericArguments().Length : 0;
            AppendDefinition(name, declaring, arguments);
            name.Append('+');
        }
        else if (!string.IsNullOrEmpty(definition.Namespace))
        {
            name.Append(definition.Namespace).Append('.');
        }

        var simple = definition.Name;
        var tick = simple.IndexOf('`', StringComparison.Ordinal);
        name.Append(tick < 0 ? simple : simple.AsSpan(0, tick));
        var own = (definition.IsGenericTypeDefinition ? definition.GetGenericArguments().Length : 0) - declared;
        if (own <= 0)
        {
            return;
        }

        name.Append('<');
        for (var i = declared; i < declared + own && i < arguments.Length; i++)
        {
            if (i > declared)
            {
                name.Append(',');
            }

            Append(name, arguments[i]);
        }

        name.Append('>');
    }
}
