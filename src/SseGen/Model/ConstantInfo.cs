using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Model;

/// <summary>
/// A compile-time constant (an attribute argument, a parameter's default value, a service key) as
/// data: the emitter decides how it reads in C#, the parser only says what it is (the role of the
/// MVVM Toolkit's <c>TypedConstantInfo</c>).
/// </summary>
/// <param name="Kind">What the constant is.</param>
/// <param name="Type">The constant's type: the primitive or enum type, the <c>typeof</c> operand, an array's element type; null for an untyped <c>null</c>.</param>
/// <param name="PrimitiveType">For primitives and enum values, the type of <paramref name="Value"/> (an enum's underlying type).</param>
/// <param name="Value">A primitive as invariant round-trip text (<c>"R"</c> for floating point), an enum member's name, or an enum's underlying value as text.</param>
/// <param name="Elements">An array's elements.</param>
internal sealed record ConstantInfo(
    ConstantKind Kind,
    TypeRef? Type,
    SpecialType PrimitiveType,
    string? Value,
    EquatableArray<ConstantInfo> Elements);
