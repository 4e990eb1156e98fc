namespace SseGen.Generator.Model;

/// <summary>How the items of an endpoint's stream become events.</summary>
internal enum ItemKind
{
    /// <summary>A <c>T</c>, serialized as JSON in <c>data:</c>.</summary>
    Json,

    /// <summary>A <see cref="string"/>, written as text.</summary>
    Text,

    /// <summary>An <c>SseItem&lt;T&gt;</c>: its fields, and its data as JSON.</summary>
    SseItemJson,

    /// <summary>An <c>SseItem&lt;string&gt;</c>: its fields, and its data as text.</summary>
    SseItemText,
}
