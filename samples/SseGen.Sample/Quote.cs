namespace SseGen.Sample;

/// <summary>One price tick of a ticker symbol.</summary>
public sealed record Quote(string Symbol, long Sequence, decimal Price, DateTimeOffset Time);
