namespace SseGen.Generator.Model;

/// <summary>
/// A type as generated code and messages need it, computed once by the parser so nothing
/// downstream cuts strings apart (the role of System.Text.Json's generator <c>TypeRef</c>).
/// </summary>
/// <param name="FullyQualifiedName"><c>global::</c>-qualified, without nullable reference annotations: the type's identity (<c>Quote</c> and <c>Quote?</c> are one type).</param>
/// <param name="AsWritten"><c>global::</c>-qualified with the nullable annotations the user wrote, for declarations.</param>
/// <param name="ShortName">Namespace-qualified without <c>global::</c>, for messages (<c>Demo.AppJson</c>).</param>
/// <param name="IsValueType">True for structs, enums and <c>Nullable&lt;T&gt;</c>.</param>
internal sealed record TypeRef(string FullyQualifiedName, string AsWritten, string ShortName, bool IsValueType);
