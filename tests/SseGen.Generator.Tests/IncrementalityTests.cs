using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SseGen.Generator.Model;
using SseGen.Generator.Tests.Infrastructure;

namespace SseGen.Generator.Tests;

/// <summary>
/// The generator does no work for edits that cannot change its output: every tracked step
/// (<see cref="GeneratorSteps"/>) reports <c>Cached</c> or <c>Unchanged</c>, and only a real change
/// (a new route) reports <c>Modified</c>. This is what keeps typing in the IDE cheap.
/// </summary>
public sealed class IncrementalityTests
{
    private const string Endpoints = """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class QuoteEndpoints
        {
            [SseEndpoint("/quotes/{symbol}", EventName = "quote")]
            public static async IAsyncEnumerable<Quote> Stream(string symbol, IQuoteFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await foreach (var quote in feed.Subscribe(symbol, cancellationToken))
                {
                    yield return quote;
                }

                yield return new Quote("END", 0m);
            }

            [SseEndpoint("/clock")]
            public static async IAsyncEnumerable<string> Clock(TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                yield return "tick";
            }
        }
        """;

    private const string Unrelated = """
        namespace Demo;

        public sealed class PriceFormatter
        {
            public string Format(decimal price) => price.ToString("0.00");
        }
        """;

    /// <summary>The step names declared in <see cref="GeneratorSteps"/>, read by reflection so a new step is covered automatically.</summary>
    public static IReadOnlyList<string> StepNames { get; } =
        [.. typeof(GeneratorSteps).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)];

    [Fact]
    public void StepNames_AreTheSixPipelineStages()
    {
        // Guards the reflection above: an empty list would make every test here pass vacuously.
        Assert.Equal(new[] { "Endpoints", "JsonContexts", "RuntimeReferenced", "AssemblyName", "OpenApiReferenced", "Generation" }, StepNames);
    }

    [Fact]
    public void SameCompilationTwice_EveryStepIsCached()
    {
        var compilation = TestCompilation.Create(Inputs.Quotes, Endpoints, Unrelated);

        var result = RunTwice(compilation, compilation);

        AssertSteps(result, "the same compilation, run again", IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void SameSourcesParsedAgain_NothingIsModified()
    {
        // New trees and a new compilation with identical text: the models must compare equal.
        var result = RunTwice(
            TestCompilation.Create(Inputs.Quotes, Endpoints, Unrelated),
            TestCompilation.Create(Inputs.Quotes, Endpoints, Unrelated));

        AssertSteps(result, "the same sources, parsed again", IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void NewUnrelatedFile_NothingIsModified()
    {
        var compilation = TestCompilation.Create(Inputs.Quotes, Endpoints, Unrelated);
        var edited = compilation.AddSyntaxTrees(Parse("""
            namespace Demo;

            public static class Banner
            {
                public const string Text = "Quotes";
            }
            """, "Banner.cs"));

        var result = RunTwice(compilation, edited);

        AssertSteps(result, "a new file without endpoints", IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void EditInAnotherClass_NothingIsModified()
    {
        var compilation = TestCompilation.Create(Inputs.Quotes, Endpoints, Unrelated);
        var edited = ReplaceText(compilation, Unrelated, "\"0.00\"", "\"0.000\"");

        var result = RunTwice(compilation, edited);

        AssertSteps(result, "an edit in a class without endpoints", IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void EditInsideAnEndpointsBody_NothingIsModified()
    {
        var compilation = TestCompilation.Create(Inputs.Quotes, Endpoints, Unrelated);
        var edited = ReplaceText(compilation, Endpoints, "new Quote(\"END\", 0m)", "new Quote(\"STOP\", -1m)");

        var result = RunTwice(compilation, edited);

        AssertSteps(result, "an edit inside an endpoint's method body", IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void RenamedRoute_EndpointsIsModified()
    {
        var compilation = TestCompilation.Create(Inputs.Quotes, Endpoints, Unrelated);
        var edited = ReplaceText(compilation, Endpoints, "\"/quotes/{symbol}\"", "\"/prices/{symbol}\"");

        var result = RunTwice(compilation, edited);

        var endpoints = Outputs(result, GeneratorSteps.Endpoints);
        Assert.True(
            endpoints.Any(output => output.Reason == IncrementalStepRunReason.Modified),
            $"Renaming a route must re-run what depends on it, but {GeneratorSteps.Endpoints} reported: {Describe(endpoints)}");
        var modified = endpoints.Where(output => output.Reason == IncrementalStepRunReason.Modified).Select(output => output.Value).ToList();
        Assert.True(
            modified is [EndpointCandidate { Endpoint.Pattern: "/prices/{symbol}" }],
            $"Only the renamed endpoint is modified, as a new model: {Describe(endpoints)}");
        Assert.Contains(GeneratorSteps.Generation, result.TrackedSteps.Keys);
        Assert.Contains(Outputs(result, GeneratorSteps.Generation), output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("/prices/{symbol}", result.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NewJsonSerializableType_OnlyJsonContextsIsModified()
    {
        var compilation = TestCompilation.Create(Inputs.Quotes, Endpoints, Unrelated);
        var edited = ReplaceText(compilation, Inputs.Quotes, "[JsonSerializable(typeof(Quote))]", "[JsonSerializable(typeof(Quote))]\n[JsonSerializable(typeof(int))]");

        var result = RunTwice(compilation, edited);

        Assert.Contains(Outputs(result, GeneratorSteps.JsonContexts), output => output.Reason == IncrementalStepRunReason.Modified);
        var endpoints = Outputs(result, GeneratorSteps.Endpoints);
        Assert.True(
            endpoints.All(output => output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged),
            $"A new JSON type changes no endpoint, but {GeneratorSteps.Endpoints} reported: {Describe(endpoints)}");
    }

    private static GeneratorRunResult RunTwice(Compilation first, Compilation second)
    {
        var driver = TestCompilation.CreateTrackingDriver().RunGenerators(first);
        var firstResult = driver.GetRunResult().Results.Single();
        Assert.True(firstResult.Exception is null, $"The generator threw: {firstResult.Exception}");
        Assert.True(firstResult.GeneratedSources.Length == 1, "The first run generated no file: the test input does not exercise the generator.");

        driver = driver.RunGenerators(second);
        var result = driver.GetRunResult().Results.Single();
        Assert.True(result.Exception is null, $"The generator threw: {result.Exception}");
        return result;
    }

    /// <summary>Fails, naming each step and the reasons it reported, unless every output of every tracked step has one of <paramref name="allowed"/>.</summary>
    private static void AssertSteps(GeneratorRunResult result, string edit, params IncrementalStepRunReason[] allowed)
    {
        var problems = new List<string>();
        foreach (var name in StepNames)
        {
            if (!result.TrackedSteps.TryGetValue(name, out var runs))
            {
                problems.Add($"{name}: not tracked (is WithTrackingName({nameof(GeneratorSteps)}.{name}) still in the pipeline?)");
                continue;
            }

            var outputs = runs.SelectMany(run => run.Outputs).ToList();
            if (outputs.Count == 0 || outputs.Any(output => !allowed.Contains(output.Reason)))
            {
                problems.Add($"{name}: {Describe(outputs)}");
            }
        }

        // The source output itself must not re-run either.
        var sourceOutputs = result.TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(run => run.Outputs).ToList();
        if (sourceOutputs.Any(output => !allowed.Contains(output.Reason)))
        {
            problems.Add($"source output: {Describe(sourceOutputs)}");
        }

        Assert.True(
            problems.Count == 0,
            $"After {edit}, every tracked step should be {string.Join(" or ", allowed)}, but:\n  " + string.Join("\n  ", problems));
    }

    private static List<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string step) =>
        result.TrackedSteps.TryGetValue(step, out var runs)
            ? [.. runs.SelectMany(run => run.Outputs)]
            : throw new Xunit.Sdk.XunitException($"Step {step} is not tracked.");

    private static string Describe(IEnumerable<(object Value, IncrementalStepRunReason Reason)> outputs)
    {
        var list = outputs.ToList();
        return list.Count == 0
            ? "no outputs"
            : string.Join(", ", list.Select(output => $"{output.Reason} ({Summarize(output.Value)})"));
    }

    private static string Summarize(object value) => value switch
    {
        EndpointCandidate { Endpoint: { } endpoint } => $"{endpoint.DisplayName} {endpoint.Pattern}",
        EndpointCandidate { Skipped: { } skipped } => $"{skipped.DisplayName} skipped ({skipped.RuleId})",
        JsonContextModel context => context.Type.ShortName,
        ((GenerationModel generation, bool runtimeReferenced), string assembly) => $"{generation.Endpoints.Count} endpoint(s), {generation.Skipped.Count} skipped, runtime referenced: {runtimeReferenced}, assembly {assembly}",
        _ => value.GetType().Name,
    };

    private static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, TestCompilation.ParseOptions, path);

    /// <summary>The compilation with <paramref name="find"/> replaced in the tree that was parsed from <paramref name="original"/>.</summary>
    private static Compilation ReplaceText(Compilation compilation, string original, string find, string replacement)
    {
        Assert.Contains(find, original, StringComparison.Ordinal);
        var tree = compilation.SyntaxTrees.Single(t => t.GetText().ToString() == original);
        var edited = tree.WithChangedText(tree.GetText().Replace(original.IndexOf(find, StringComparison.Ordinal), find.Length, replacement));
        return compilation.ReplaceSyntaxTree(tree, edited);
    }
}
