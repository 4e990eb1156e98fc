using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Parsing;

/// <summary>The two spellings of a type the generator uses: as written, and as a lookup key.</summary>
internal static class TypeNames
{
    private static readonly SymbolDisplayFormat Annotated = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary><c>global::</c>-qualified, with nullable reference annotations as the user wrote them.</summary>
    public static string AsWritten(ITypeSymbol type) => type.ToDisplayString(Annotated);

    /// <summary><c>global::</c>-qualified without reference-type annotations: equal for <c>Quote</c> and <c>Quote?</c>.</summary>
    public static string Key(ITypeSymbol type) =>
        type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>Short form for messages: <c>int count</c>.</summary>
    public static string Short(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
