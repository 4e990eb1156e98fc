namespace SseGen.IntegrationTests;

/// <summary>
/// Tests that measure time or the process's heap run alone, after the parallel ones: a test that
/// blocks thread-pool threads (synchronous producers) or allocates heavily would skew them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "Measured alone";
}
