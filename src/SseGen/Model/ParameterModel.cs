namespace SseGen.Generator.Model;

/// <summary>
/// One parameter of an endpoint method (or of its class's constructor): where it binds from and
/// how it parses. Immutable with structural equality, otherwise incremental caching breaks.
/// </summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Type">The parameter's type.</param>
/// <param name="ParsedType">The type a request string parses into (<c>T</c> for <c>Nullable&lt;T&gt;</c>), and the type asked of DI.</param>
/// <param name="Source">Where the value comes from.</param>
/// <param name="RequestName">For route, query and header values, the name read from the request.</param>
/// <param name="ServiceKey">For keyed services, the key of <c>[FromKeyedServices]</c>.</param>
/// <param name="Parse">How a request string becomes <paramref name="ParsedType"/>.</param>
/// <param name="IsOptional">Whether the value may be absent.</param>
/// <param name="IsNullableValueType">True for <c>Nullable&lt;T&gt;</c>.</param>
/// <param name="DefaultValue">The explicit default value, if the parameter has one.</param>
/// <param name="Display"><c>int count</c>, for messages.</param>
internal sealed record ParameterModel(
    string Name,
    TypeRef Type,
    TypeRef ParsedType,
    BindingSource Source,
    string? RequestName,
    ConstantInfo? ServiceKey,
    ParseKind Parse,
    bool IsOptional,
    bool IsNullableValueType,
    ConstantInfo? DefaultValue,
    string Display);
