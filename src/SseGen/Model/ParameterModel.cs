using System;

namespace SseGen.Generator.Model;

/// <summary>
/// One parameter of an endpoint method (or of its class's constructor): where it binds from and
/// how it parses. Immutable with structural equality, otherwise incremental caching breaks.
/// </summary>
internal sealed record ParameterModel(
    string Name,
    string Type,
    string ParsedType,
    BindingSource Source,
    string? Key,
    ParseKind Parse,
    bool IsOptional,
    bool IsNullableValueType,
    string? DefaultValue,
    string Display);
