namespace SseGen.Generator.Parsing;

/// <summary>A route parameter by name, whether a request can match without it, and whether it is a catch-all (<c>*</c>, <c>**</c>).</summary>
internal sealed record RouteParameter(string Name, bool IsOptional, bool IsCatchAll);
