using System.Globalization;
using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Diagnostics;

/// <summary>
/// A reason the generator cannot turn a method into an endpoint. The parser collects these; the
/// usage analyzer reports them, and the generator keeps the id and message of the first one so the
/// app fails at startup instead of answering 404. Both read the same list, so they always agree.
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

    /// <summary>The rule's message with this problem's arguments, as the analyzer reports it.</summary>
    public string Message() => Format(Id, Arguments);

    /// <summary>The message of rule <paramref name="id"/> with <paramref name="arguments"/>.</summary>
    public static string Format(string id, params string[] arguments) =>
        UsageDescriptors.ById(id) is { } descriptor
            ? string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), arguments)
            : id;
}
