namespace SseGen.Runtime.Tests;

/// <summary>
/// Tests that count process-wide things (thread-pool work items) run alone, after the parallel
/// ones: another test's work items would count as theirs.
/// <list type="bullet">
/// <item><c>ChannelDeliveryTests</c>: how many work items a publish to a thousand waiting subscribers costs.</item>
/// </list>
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "Measured alone";
}
