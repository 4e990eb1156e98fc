using System.Text.RegularExpressions;
using SseGen.Generator.Tests.Infrastructure;

namespace SseGen.Generator.Tests;

/// <summary>
/// Each endpoint's generated class is named from the endpoint alone, so adding a route changes the
/// generated file by one class, not by a rename of every class after it.
/// </summary>
public sealed partial class ClassNameTests
{
    private const string Clock = """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class Clock
        {
            [SseEndpoint("/clock")]
            public static async IAsyncEnumerable<string> Ticks([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return "tick";
            }
        }
        """;

    // Sorts before /clock, so a positional name would shift Clock's.
    private const string Alerts = """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class Alerts
        {
            [SseEndpoint("/alerts")]
            public static async IAsyncEnumerable<string> Ticks([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return "alert";
            }
        }
        """;

    // Same type and method names as Clock, in another namespace.
    private const string OtherClock = """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Other;

        public static class Clock
        {
            [SseEndpoint("/other/clock")]
            public static async IAsyncEnumerable<string> Ticks([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return "tock";
            }
        }
        """;

    [Fact]
    public void AddingAnEndpoint_KeepsTheClassNamesOfTheOthers()
    {
        var before = ClassNames(TestCompilation.Run(Clock));
        var after = ClassNames(TestCompilation.Run(Clock, Alerts));

        Assert.Equal(["SseEndpoint_Clock_Ticks"], before);
        Assert.True(
            after.Contains("SseEndpoint_Clock_Ticks") && after.Count == 2,
            $"Adding /alerts renamed the class of /clock: before [{string.Join(", ", before)}], after [{string.Join(", ", after)}]");
    }

    [Fact]
    public void SameTypeAndMethodName_InTwoNamespaces_GetDistinctNamesThatCompile()
    {
        var run = TestCompilation.Run(Clock, OtherClock);
        run.AssertNoDiagnostics();

        var names = ClassNames(run);
        Assert.Equal(2, names.Distinct().Count());
        Assert.All(names, name => Assert.StartsWith("SseEndpoint_Clock_Ticks_", name, StringComparison.Ordinal));
    }

    [Fact]
    public void KeywordMethodName_IsEscapedInTheCall_AndPlainInTheClassName()
    {
        var run = TestCompilation.Run(Clock.Replace("Ticks(", "@event(", StringComparison.Ordinal));
        run.AssertNoDiagnostics();

        Assert.Equal(["SseEndpoint_Clock_event"], ClassNames(run));
        Assert.Contains("global::Demo.Clock.@event(", run.EndpointsSource, StringComparison.Ordinal);
    }

    private static List<string> ClassNames(GeneratorRun run) =>
        [.. ClassDeclaration().Matches(run.EndpointsSource).Select(match => match.Groups[1].Value)];

    [GeneratedRegex(@"file static class (\w+)")]
    private static partial Regex ClassDeclaration();
}
