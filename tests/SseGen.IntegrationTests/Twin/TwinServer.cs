namespace SseGen.IntegrationTests.Twin;

/// <summary>Which of the two servers a twin test talks to.</summary>
public enum TwinServer
{
    /// <summary>The <c>[SseEndpoint]</c> method, at <c>/twin/ssegen/…</c>.</summary>
    SseGen,

    /// <summary>The same method behind <c>TypedResults.ServerSentEvents</c>, at <c>/twin/builtin/…</c>.</summary>
    BuiltIn,
}
