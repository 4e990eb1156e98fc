namespace SseGen.Client.Tests;

/// <summary>
/// Tests that stop a Kestrel and start another on the port it freed run alone, after the parallel ones: in the gap, a
/// server or a client socket of a test running beside them could take that port, and the restart would fail for reasons
/// that have nothing to do with the client. Their assertions do not depend on time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SamePortRestart
{
    public const string Name = "Same port restart";
}
