namespace SseGen.Infrastructure;

/// <summary>One parameter that failed to bind, as the generated code reported it.</summary>
/// <param name="Parameter">The parameter as shown to people: its type and name (<c>int count</c>).</param>
/// <param name="Source">Where the value was looked for: <c>route</c>, <c>query string</c> or <c>header</c>.</param>
/// <param name="Kind">Missing or invalid.</param>
/// <param name="Value">The raw request value that did not parse; null when it was missing. Attacker-chosen text.</param>
internal readonly record struct SseBindingError(string Parameter, string Source, SseBindingErrorKind Kind, string? Value);
