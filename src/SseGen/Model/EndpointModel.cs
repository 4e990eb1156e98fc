namespace SseGen.Generator.Model;

/// <summary>
/// Everything the emitter needs to write one endpoint, as plain values: no symbol, syntax node,
/// location or compilation, so an edit that changes none of these re-runs nothing downstream.
/// </summary>
/// <param name="Pattern">The route pattern.</param>
/// <param name="EventName">The default <c>event:</c> name of plain items.</param>
/// <param name="ContainingType">The declaring type, <c>global::</c>-qualified.</param>
/// <param name="MethodName">The method's name, escaped if it is a keyword.</param>
/// <param name="DisplayName"><c>Type.Method</c>, for logs and messages.</param>
/// <param name="IsStatic">False for an instance method of a class built from DI per request.</param>
/// <param name="ItemKind">How items become events.</param>
/// <param name="ItemType">The <c>T</c> of <c>IAsyncEnumerable&lt;T&gt;</c> as written (nullable annotations kept).</param>
/// <param name="PayloadType">The type serialized as JSON, without annotations; null for text.</param>
/// <param name="RequestedJsonContext">The context named by the attribute's <c>JsonContext</c>, if any.</param>
/// <param name="Parameters">The method's parameters in declaration order.</param>
/// <param name="ConstructorParameters">For instance methods, the chosen constructor's parameters.</param>
/// <param name="DisposeKind">For instance methods: 0 none, 1 IDisposable, 2 IAsyncDisposable.</param>
/// <param name="Metadata">C# expressions creating the method's attributes as endpoint metadata.</param>
internal sealed record EndpointModel(
    string Pattern,
    string? EventName,
    string ContainingType,
    string MethodName,
    string DisplayName,
    bool IsStatic,
    ItemKind ItemKind,
    string ItemType,
    string? PayloadType,
    string? RequestedJsonContext,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<ParameterModel> ConstructorParameters,
    int DisposeKind,
    EquatableArray<string> Metadata);
