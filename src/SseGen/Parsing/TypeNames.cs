using Microsoft.CodeAnalysis;
using SseGen.Generator.Model;

namespace SseGen.Generator.Parsing;

/// <summary>Turns a type symbol into the <see cref="TypeRef"/> the model carries, and short names for messages.</summary>
internal static class TypeNames
{
    private static readonly SymbolDisplayFormat Annotated = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static TypeRef Ref(ITypeSymbol type)
    {
        // Reference-type annotations are how the user wrote the type, not which type it is.
        var unannotated = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        return new TypeRef(
            FullyQualifiedName: unannotated.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            AsWritten: type.ToDisplayString(Annotated),
            ShortName: unannotated.ToDisplayString(),
            IsValueType: type.IsValueType);
    }

    /// <summary>Short form for messages: <c>int count</c>.</summary>
    public static string Short(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
