namespace SseGen.Generator.Model;

/// <summary>
/// An <c>[SseEndpoint]</c> method the generator leaves out, and why: the usage rule's id and its
/// message. Generated code turns these into a startup failure, so a method is never dropped
/// silently when analyzers are off or the rule is suppressed.
/// </summary>
/// <param name="DisplayName"><c>Type.Method</c>.</param>
/// <param name="RuleId">The usage rule that stops it (<c>SSE1xx</c>).</param>
/// <param name="Message">The rule's message, as the analyzer would report it.</param>
internal sealed record SkippedEndpoint(string DisplayName, string RuleId, string Message);
