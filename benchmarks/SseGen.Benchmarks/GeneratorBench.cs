using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using SseGen.Generator;

namespace SseGen.Benchmarks;

internal sealed record GeneratorResult(
    int Endpoints,
    double FirstRunMs,
    double ColdMedianMs,
    IReadOnlyList<double> ColdRunsMs,
    double WarmMedianMs,
    IReadOnlyList<double> WarmRunsMs,
    double WarmTransformMs,
    bool NoReEmit,
    string StepReasons,
    int GeneratedFiles,
    int GeneratedChars);

/// <summary>
/// SseGen's generator on a generated project of many endpoints, run in-process with
/// <see cref="CSharpGeneratorDriver"/>: cold (a new driver on a new compilation, nothing cached),
/// and warm (the same driver again after an unrelated edit), asserting that the warm run re-emits
/// nothing: every tracked step and the source output are Cached or Unchanged.
/// </summary>
internal static class GeneratorBench
{
    private static readonly string[] StepNames = ["Endpoints", "JsonContexts", "RuntimeReferenced", "AssemblyName", "Generation"];

    private static readonly CSharpParseOptions ParseOptions = new(
        Enum.TryParse<LanguageVersion>("CSharp14", out var csharp14) ? csharp14 : LanguageVersion.Preview);

    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    private const string Models = """
        using System.Text.Json.Serialization;

        namespace Bench;

        public sealed record Item(int Id, string Name, double Price);

        public interface IFeed
        {
            IAsyncEnumerable<Item> ReadAsync(string topic, CancellationToken cancellationToken);
        }

        [JsonSerializable(typeof(Item))]
        internal sealed partial class BenchAppJson : JsonSerializerContext;
        """;

    private const string Unrelated = """
        namespace Bench;

        public sealed class PriceFormatter
        {
            public string Format(double price) => price.ToString("0.00");
        }
        """;

    public static GeneratorResult Run(Settings settings)
    {
        var references = FrameworkReferences().Add(MetadataReference.CreateFromFile(typeof(SseEndpointAttribute).Assembly.Location));
        var sources = Sources(settings.GeneratorEndpoints);

        // The first run in this process also pays for loading and JIT-compiling the generator and
        // the compiler paths it uses.
        var firstRunMs = ColdRun(sources, references, out _).TotalMilliseconds;

        // Then let tiered compilation settle (a compiler server or an IDE has long been warm), so
        // the cold runs measure the generator and not the JIT.
        for (var i = 0; i < settings.GeneratorWarmupRuns; i++)
        {
            ColdRun(sources, references, out _);
        }

        var cold = new List<double>();
        GeneratorDriver? driver = null;
        CSharpCompilation? compilation = null;
        for (var i = 0; i < settings.GeneratorColdRuns; i++)
        {
            cold.Add(ColdRun(sources, references, out var state).TotalMilliseconds);
            (driver, compilation) = state;
        }

        var result = driver!.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            throw new HarnessException($"generator: threw {result.Exception}");
        }

        var generated = result.GeneratedSources;
        var text = string.Concat(generated.Select(s => s.SourceText.ToString()));
        var mapped = CountOf(text, "file static class SseEndpoint");
        if (mapped != settings.GeneratorEndpoints)
        {
            throw new HarnessException($"generator: {settings.GeneratorEndpoints} endpoints in, {mapped} mapped; the project is not what the benchmark meant to measure.");
        }

        // Warm: the same driver, after an unrelated edit each time.
        var warm = new List<double>();
        var transform = new List<double>();
        var noReEmit = true;
        var reasons = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        for (var i = 0; i < settings.GeneratorWarmRuns; i++)
        {
            var tree = compilation!.SyntaxTrees.Single(t => t.FilePath == "Unrelated.cs");
            var edited = tree.WithChangedText(SourceText.From(Unrelated.Replace("\"0.00\"", $"\"0.{new string('0', 3 + i)}\"", StringComparison.Ordinal), Encoding.UTF8));
            compilation = compilation.ReplaceSyntaxTree(tree, edited);
            var clock = Stopwatch.StartNew();
            driver = driver!.RunGenerators(compilation);
            warm.Add(clock.Elapsed.TotalMilliseconds);

            var run = driver.GetRunResult().Results.Single();
            // Roslyn's own step that re-runs the attribute transform for every [SseEndpoint] method
            // of a new compilation (the semantic part is never cached across compilations).
            transform.Add(run.TrackedSteps.TryGetValue("result_ForAttributeWithMetadataName", out var fawmn)
                ? fawmn.Sum(step => step.ElapsedTime.TotalMilliseconds)
                : double.NaN);
            foreach (var name in StepNames)
            {
                var outputs = run.TrackedSteps.TryGetValue(name, out var steps) ? steps.SelectMany(s => s.Outputs).ToList() : [];
                noReEmit &= outputs.Count > 0 && outputs.All(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
                Add(reasons, name, outputs.Select(o => o.Reason.ToString()));
            }

            var outputSteps = run.TrackedOutputSteps.SelectMany(p => p.Value).SelectMany(s => s.Outputs).ToList();
            noReEmit &= outputSteps.Count > 0 && outputSteps.All(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
            Add(reasons, "source output", outputSteps.Select(o => o.Reason.ToString()));
        }

        var stepReasons = string.Join("; ", reasons.Select(p => $"{p.Key}: {string.Join("/", p.Value)}"));
        return new GeneratorResult(settings.GeneratorEndpoints, firstRunMs, Stats.Median(cold), cold, Stats.Median(warm), warm, Stats.Median(transform),
            noReEmit, stepReasons, generated.Length, text.Length);
    }

    private static void Add(SortedDictionary<string, SortedSet<string>> reasons, string step, IEnumerable<string> values)
    {
        if (!reasons.TryGetValue(step, out var set))
        {
            reasons[step] = set = new SortedSet<string>(StringComparer.Ordinal);
        }

        set.UnionWith(values);
    }

    /// <summary>Parses the sources (not timed), then times a new driver over a new compilation.</summary>
    private static TimeSpan ColdRun(IReadOnlyList<(string Path, string Text)> sources, ImmutableArray<MetadataReference> references, out (GeneratorDriver Driver, CSharpCompilation Compilation) state)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path, Encoding.UTF8));
        var compilation = CSharpCompilation.Create("BenchApp", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new SseEndpointGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var clock = Stopwatch.StartNew();
        driver = driver.RunGenerators(compilation);
        var elapsed = clock.Elapsed;
        state = (driver, compilation);
        return elapsed;
    }

    /// <summary>
    /// <paramref name="endpoints"/> endpoints, ten to a class and a file, cycling through the
    /// shapes users write: route values, query and header binding, services, text events and
    /// <c>SseItem&lt;T&gt;</c>; plus a model file, a JSON context and a file the edit touches.
    /// </summary>
    internal static List<(string Path, string Text)> Sources(int endpoints)
    {
        var sources = new List<(string, string)> { ("GlobalUsings.cs", GlobalUsings), ("Models.cs", Models), ("Unrelated.cs", Unrelated) };
        for (var start = 0; start < endpoints; start += 10)
        {
            var cls = start / 10;
            var text = new StringBuilder($$"""
                using System.Net.ServerSentEvents;
                using System.Runtime.CompilerServices;
                using Microsoft.AspNetCore.Mvc;
                using SseGen;

                namespace Bench.Area{{cls}};

                public static class Streams{{cls}}
                {

                """);
            for (var e = start; e < Math.Min(start + 10, endpoints); e++)
            {
                text.Append((e % 5) switch
                {
                    0 => $$"""
                            [SseEndpoint("/area{{cls}}/items{{e}}/{id}")]
                            public static async IAsyncEnumerable<Item> Items{{e}}(int id, [EnumeratorCancellation] CancellationToken cancellationToken)
                            {
                                await Task.Delay(10, cancellationToken);
                                yield return new Item(id, "item", 1.5);
                            }

                        """,
                    1 => $$"""
                            [SseEndpoint("/area{{cls}}/search{{e}}")]
                            public static async IAsyncEnumerable<Item> Search{{e}}(string? q, int? limit, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, [EnumeratorCancellation] CancellationToken cancellationToken)
                            {
                                await Task.Delay(limit ?? 1, cancellationToken);
                                yield return new Item(0, q ?? lastEventId ?? "", 2.5);
                            }

                        """,
                    2 => $$"""
                            [SseEndpoint("/area{{cls}}/feed{{e}}/{topic}")]
                            public static async IAsyncEnumerable<Item> Feed{{e}}(string topic, IFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
                            {
                                await foreach (var item in feed.ReadAsync(topic, cancellationToken).WithCancellation(cancellationToken))
                                {
                                    yield return item;
                                }
                            }

                        """,
                    3 => $$"""
                            [SseEndpoint("/area{{cls}}/text{{e}}", EventName = "line")]
                            public static async IAsyncEnumerable<string> Text{{e}}(HttpContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
                            {
                                await Task.Delay(1, cancellationToken);
                                yield return context.Request.Path.Value ?? "";
                            }

                        """,
                    _ => $$"""
                            [SseEndpoint("/area{{cls}}/events{{e}}/{id:int}")]
                            public static async IAsyncEnumerable<SseItem<Item>> Events{{e}}(int id, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
                            {
                                await Task.Delay(TimeSpan.FromMilliseconds(1), time, cancellationToken);
                                yield return new SseItem<Item>(new Item(id, "event", 3.5), "item") { EventId = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                            }

                        """,
                });
            }

            text.Append("}\n");
            sources.Add(($"Streams{cls}.cs", text.ToString()));
        }

        return sources;
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>The reference assemblies of Microsoft.NETCore.App and Microsoft.AspNetCore.App from the installed packs.</summary>
    private static ImmutableArray<MetadataReference> FrameworkReferences()
    {
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var pack in new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" })
        {
            var root = Path.Combine(dotnetRoot, "packs", pack);
            var version = Directory.Exists(root)
                ? Directory.EnumerateDirectories(root)
                    .Where(d => Directory.Exists(Path.Combine(d, "ref", tfm)))
                    .OrderByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0))
                    .FirstOrDefault()
                : null;
            if (version is null)
            {
                throw new HarnessException($"generator: no {pack} with ref/{tfm} under {root}.");
            }

            builder.AddRange(Directory.EnumerateFiles(Path.Combine(version, "ref", tfm), "*.dll").Order(StringComparer.Ordinal).Select(p => MetadataReference.CreateFromFile(p)));
        }

        return builder.ToImmutable();
    }
}
