namespace SseGen.Generator.Parsing;

/// <summary>The usage rule ids the parser reports; see docs/rules.</summary>
internal static class UsageIds
{
    public const string NotAsyncEnumerable = "SSE101";
    public const string NoJsonContext = "SSE102";
    public const string UnbindableParameter = "SSE103";
    public const string RouteParameterWithoutMethodParameter = "SSE104";
    public const string DuplicateRoute = "SSE105";
    public const string InaccessibleOrGeneric = "SSE106";
    public const string NotConstructible = "SSE107";
    public const string AmbiguousJsonContext = "SSE108";
    public const string InvalidPatternOrEventName = "SSE109";
}
