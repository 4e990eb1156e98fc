namespace SseGen.Generator.Model;

/// <summary>What a <see cref="ConstantInfo"/> holds; mirrors Roslyn's <c>TypedConstantKind</c>.</summary>
internal enum ConstantKind
{
    /// <summary><c>null</c> (or, for a parameter default, <c>default</c>).</summary>
    Null,

    /// <summary>A string, char, bool or number.</summary>
    Primitive,

    /// <summary>An enum value that is one named member.</summary>
    EnumMember,

    /// <summary>An enum value that is no single member (a flags combination, an undefined value).</summary>
    EnumValue,

    /// <summary>A <c>typeof(…)</c>.</summary>
    Type,

    /// <summary>An array of constants.</summary>
    Array,
}
