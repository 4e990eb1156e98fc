using System;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SseGen.Generator.Model;

namespace SseGen.Generator.Emitting;

/// <summary>
/// Writes a <see cref="ConstantInfo"/> as a C# expression that evaluates to the same value of the
/// same type, with <c>global::</c>-qualified types and no cast a literal suffix can replace.
/// </summary>
internal static class ConstantFormatter
{
    /// <summary>An attribute argument or a service key.</summary>
    public static string Format(ConstantInfo constant)
    {
        switch (constant.Kind)
        {
            case ConstantKind.Null:
                // Typed, so an overloaded attribute constructor still picks the same overload.
                return constant.Type is null ? "null" : $"({constant.Type.FullyQualifiedName})null";
            case ConstantKind.Primitive:
                return Primitive(constant.PrimitiveType, constant.Value!);
            case ConstantKind.EnumMember:
                return $"{constant.Type!.FullyQualifiedName}.{constant.Value}";
            case ConstantKind.EnumValue:
                // A negative number needs parentheses: (global::E)-1 parses as a subtraction.
                var number = Primitive(constant.PrimitiveType, constant.Value!);
                return number.StartsWith("-", StringComparison.Ordinal) || number.StartsWith("(", StringComparison.Ordinal)
                    ? $"({constant.Type!.FullyQualifiedName})({number})"
                    : $"({constant.Type!.FullyQualifiedName}){number}";
            case ConstantKind.Type:
                return $"typeof({constant.Type!.FullyQualifiedName})";
            default:
                var builder = new StringBuilder("new ").Append(constant.Type!.FullyQualifiedName).Append("[] { ");
                for (var i = 0; i < constant.Elements.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ").Append(Format(constant.Elements[i]));
                }

                return builder.Append(constant.Elements.Count == 0 ? "}" : " }").ToString();
        }
    }

    /// <summary>A parameter's default value, assigned to a local of the parameter's type: <c>null</c> reads as <c>default</c>.</summary>
    public static string DefaultValue(ConstantInfo constant) => constant.Kind == ConstantKind.Null ? "default" : Format(constant);

    /// <summary>
    /// A literal of exactly the primitive's type: suffixes for long, unsigned, float, double and
    /// decimal (a decimal read as a double would lose digits); a cast only for the small integers,
    /// which have no suffix; named constants for NaN and the infinities, which have no literal.
    /// </summary>
    private static string Primitive(SpecialType type, string text) => type switch
    {
        SpecialType.System_String => Literals.String(text),
        SpecialType.System_Char => SymbolDisplay.FormatLiteral(text[0], quote: true),
        SpecialType.System_Boolean or SpecialType.System_Int32 => text,
        SpecialType.System_UInt32 => text + "U",
        SpecialType.System_Int64 => text + "L",
        SpecialType.System_UInt64 => text + "UL",
        SpecialType.System_SByte => "(sbyte)" + text,
        SpecialType.System_Byte => "(byte)" + text,
        SpecialType.System_Int16 => "(short)" + text,
        SpecialType.System_UInt16 => "(ushort)" + text,
        SpecialType.System_Decimal => text + "M",
        SpecialType.System_Single => Floating(text, "Single", "F"),
        _ => Floating(text, "Double", "D"),
    };

    /// <summary>The parser wrote the value with the invariant "R" format, which spells the non-finite values out.</summary>
    private static string Floating(string text, string typeName, string suffix) => text switch
    {
        "NaN" => $"global::System.{typeName}.NaN",
        "Infinity" => $"global::System.{typeName}.PositiveInfinity",
        "-Infinity" => $"global::System.{typeName}.NegativeInfinity",
        _ => text + suffix,
    };
}
