using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using SseGen.Generator.Model;

namespace SseGen.Generator.Parsing;

/// <summary>
/// Reads attribute arguments and parameter default values into <see cref="ConstantInfo"/>: what the
/// value is, never how it is written in C# (that is <c>Emitting/ConstantFormatter</c>'s job).
/// </summary>
internal static class ConstantParser
{
    /// <summary>An attribute argument, or null when it cannot be read (an error type somewhere in it).</summary>
    public static ConstantInfo? Parse(TypedConstant constant)
    {
        switch (constant.Kind)
        {
            case TypedConstantKind.Error:
                return null;
            case TypedConstantKind.Array when constant.IsNull:
                return Null(constant.Type);
            case TypedConstantKind.Array:
                var elements = new List<ConstantInfo>();
                foreach (var value in constant.Values)
                {
                    if (Parse(value) is not { } element)
                    {
                        return null;
                    }

                    elements.Add(element);
                }

                return constant.Type is IArrayTypeSymbol array
                    ? new ConstantInfo(ConstantKind.Array, TypeNames.Ref(array.ElementType), SpecialType.None, null, elements.ToEquatableArray())
                    : null;
            case TypedConstantKind.Type:
                return constant.Value is ITypeSymbol type && type.TypeKind != TypeKind.Error
                    ? new ConstantInfo(ConstantKind.Type, TypeNames.Ref(type), SpecialType.None, null, EquatableArray<ConstantInfo>.Empty)
                    : constant.IsNull ? Null(constant.Type) : null;
            default:
                return constant.Type is null || constant.IsNull ? Null(constant.Type) : FromValue(constant.Value!, constant.Type);
        }
    }

    /// <summary>A parameter's explicit default value; null reads as <c>default</c>.</summary>
    public static ConstantInfo DefaultValue(IParameterSymbol parameter)
    {
        var type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : parameter.Type;
        return parameter.ExplicitDefaultValue is { } value ? FromValue(value, type) : Null(type: null);
    }

    private static ConstantInfo FromValue(object value, ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying } enumType)
        {
            // A named member reads better than a number, and survives a renumbering of the enum.
            foreach (var member in enumType.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, value))
                {
                    return new ConstantInfo(ConstantKind.EnumMember, TypeNames.Ref(enumType), underlying.SpecialType, field.Name, EquatableArray<ConstantInfo>.Empty);
                }
            }

            return new ConstantInfo(ConstantKind.EnumValue, TypeNames.Ref(enumType), underlying.SpecialType, Text(value), EquatableArray<ConstantInfo>.Empty);
        }

        return new ConstantInfo(ConstantKind.Primitive, TypeNames.Ref(type), SpecialTypeOf(value), Text(value), EquatableArray<ConstantInfo>.Empty);
    }

    private static ConstantInfo Null(ITypeSymbol? type) =>
        new(ConstantKind.Null, type is null ? null : TypeNames.Ref(type), SpecialType.None, null, EquatableArray<ConstantInfo>.Empty);

    /// <summary>Invariant text that parses back to exactly the same value.</summary>
    private static string Text(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>The type of the boxed value itself: an enum default arrives as its underlying number.</summary>
    private static SpecialType SpecialTypeOf(object value) => value switch
    {
        string => SpecialType.System_String,
        bool => SpecialType.System_Boolean,
        char => SpecialType.System_Char,
        sbyte => SpecialType.System_SByte,
        byte => SpecialType.System_Byte,
        short => SpecialType.System_Int16,
        ushort => SpecialType.System_UInt16,
        int => SpecialType.System_Int32,
        uint => SpecialType.System_UInt32,
        long => SpecialType.System_Int64,
        ulong => SpecialType.System_UInt64,
        float => SpecialType.System_Single,
        double => SpecialType.System_Double,
        decimal => SpecialType.System_Decimal,
        _ => SpecialType.None,
    };
}
