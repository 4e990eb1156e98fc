namespace SseGen.Client.Tests;

/// <summary>
/// Tests that measure the process's heap run alone, after the parallel ones: <c>GC.GetTotalAllocatedBytes</c> counts
/// what every test running beside them allocates too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "Measured alone";
}
