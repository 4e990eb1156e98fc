using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SseGen.Generator.Parsing;

/// <summary>Writes an attribute argument back as a C# expression with <c>global::</c>-qualified types.</summary>
internal static class ConstantFormatter
{
    /// <summary>A primitive constant as a C# literal that reads back as exactly the same value.</summary>
    public static string Literal(object value) => value switch
    {
        // A decimal needs its suffix: read as a double literal, 0.1234567890123456789 would lose digits.
        decimal => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false) + "m",

        // NaN and the infinities have no literal.
        double d when double.IsNaN(d) || double.IsInfinity(d) => NonFinite(d),
        float f when float.IsNaN(f) || float.IsInfinity(f) => NonFinite(f),
        _ => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false),
    };

    private static string NonFinite(double value) =>
        double.IsNaN(value) ? "global::System.Double.NaN"
        : value > 0 ? "global::System.Double.PositiveInfinity"
        : "global::System.Double.NegativeInfinity";

    /// <summary>The expression, or null when the value cannot be written (an error type).</summary>
    public static string? Format(TypedConstant constant)
    {
        if (constant.Kind == TypedConstantKind.Error)
        {
            return null;
        }

        if (constant.IsNull)
        {
            return constant.Type is null ? "null" : $"({TypeNames.Key(constant.Type)})null";
        }

        switch (constant.Kind)
        {
            case TypedConstantKind.Primitive:
                var literal = Literal(constant.Value!);
                return constant.Type?.SpecialType is SpecialType.System_String or SpecialType.System_Boolean or SpecialType.System_Int32 or null
                    ? literal
                    : $"({TypeNames.Key(constant.Type!)})({literal})";
            case TypedConstantKind.Enum:
                return $"({TypeNames.Key(constant.Type!)})({System.Convert.ToString(constant.Value, CultureInfo.InvariantCulture)})";
            case TypedConstantKind.Type:
                return constant.Value is ITypeSymbol type && type.TypeKind != TypeKind.Error
                    ? $"typeof({TypeNames.Key(type)})"
                    : null;
            case TypedConstantKind.Array:
                var builder = new StringBuilder();
                builder.Append("new ").Append(TypeNames.Key(constant.Type!)).Append(" { ");
                for (var i = 0; i < constant.Values.Length; i++)
                {
                    var element = Format(constant.Values[i]);
                    if (element is null)
                    {
                        return null;
                    }

                    builder.Append(i == 0 ? string.Empty : ", ").Append(element);
                }

                return builder.Append(" }").ToString();
            default:
                return null;
        }
    }
}
