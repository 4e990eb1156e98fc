using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Diagnostics;

/// <summary>
/// A reason the generator cannot turn a method into an endpoint. The parser collects these for the
/// usage analyzer; the generator only learns that the method was skipped, so both always agree.
/// </summary>
internal sealed class UsageProblem
{
    public UsageProblem(string id, Location? location, params string[] arguments)
    {
        Id = id;
        Location = location;
        Arguments = arguments;
    }

    public string Id { get; }

    public Location? Location { get; }

    public string[] Arguments { get; }
}
