using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SseGen.Generator.Parsing;

/// <summary>Writes an attribute argument back as a C# expression with <c>global::</c>-qualified types.</summary>
internal static class ConstantFormatter
{
    /// <summary>The expression, or null when the value cannot be written (an error type).</summary>
    public static string? Format(TypedConstant constant)
    {
        if (constant.IsNull)
        {
            return constant.Type is null ? "null" : $"({TypeNames.Key(constant.Type)})null";
        }

        switch (constant.Kind)
        {
            case TypedConstantKind.Primitive:
                var literal = SymbolDisplay.FormatPrimitive(constant.Value!, quoteStrings: true, useHexadecimalNumbers: false);
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
