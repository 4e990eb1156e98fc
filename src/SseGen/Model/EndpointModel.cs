namespace SseGen.Generator.Model;

/// <summary>
/// Everything the emitter needs to write one endpoint, as plain values: no symbol, syntax node,
/// location or compilation, so an edit that changes none of these re-runs nothing downstream.
/// </summary>
/// <param name="Pattern">The route pattern.</param>
/// <param name="EventName">The default <c>event:</c> name of plain items.</param>
/// <param name="ContainingType">The declaring type.</param>
/// <param name="MethodName">The method's name as declared (the emitter escapes a keyword).</param>
/// <param name="DisplayName"><c>Type.Method</c>, for logs and messages.</param>
/// <param name="IsStatic">False for an instance method of a class built from DI per request.</param>
/// <param name="ItemKind">How items become events.</param>
/// <param name="ItemType">The <c>T</c> of <c>IAsyncEnumerable&lt;T&gt;</c> (nullable annotations kept in <see cref="TypeRef.AsWritten"/>).</param>
/// <param name="PayloadType">The type serialized as JSON: the item type, or the <c>T</c> of <c>SseItem&lt;T&gt;</c>; null for text.</param>
/// <param name="RequestedJsonContext">The context named by the attribute's <c>JsonContext</c>, if any.</param>
/// <param name="Parameters">The method's parameters in declaration order.</param>
/// <param name="ConstructorParameters">For instance methods, the chosen constructor's parameters.</param>
/// <param name="Metadata">The class's (and inherited) attributes, then the method's own, recreated as endpoint metadata.</param>
/// <param name="HasStreamLimit">The method carries <c>[SseStreamLimit]</c>: a request over it answers 503.</param>
/// <param name="SubscribesToChannel">
/// The stream is (as far as its signature tells) a broadcast channel's subscription: <c>SseItem&lt;T&gt;</c>
/// items, and an <c>SseChannels&lt;T&gt;</c> or <c>SseChannel&lt;T&gt;</c> of the same <c>T</c> among the
/// method's (or its class's constructors') parameters. It can then send <c>reset</c> and <c>missed</c>,
/// and answer 503 at the channels' cap.
/// </param>
internal sealed record EndpointModel(
    string Pattern,
    string? EventName,
    TypeRef ContainingType,
    string MethodName,
    string DisplayName,
    bool IsStatic,
    ItemKind ItemKind,
    TypeRef ItemType,
    TypeRef? PayloadType,
    TypeRef? RequestedJsonContext,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<ParameterModel> ConstructorParameters,
    EquatableArray<AttributeInfo> Metadata,
    bool HasStreamLimit,
    bool SubscribesToChannel);
