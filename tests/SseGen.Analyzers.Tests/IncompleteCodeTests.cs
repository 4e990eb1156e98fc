using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SseGen.Analyzers.Tests.Infrastructure;
using SseGen.Generator;
using Xunit;

namespace SseGen.Analyzers.Tests;

/// <summary>
/// Code in the editor is incomplete most of the time. Every prefix (by line) of real endpoint
/// files goes through every analyzer and the generator: none may throw (AD0001, CS8785).
/// </summary>
public sealed class IncompleteCodeTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(SseEndpointGenerator).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static TheoryData<string> EndpointFiles() => new()
    {
        "samples/SseGen.Sample/StreamEndpoints.cs",
        "tests/SseGen.Analyzers.Tests/Fixtures/LeakyEndpoints.cs.txt",
        "tests/SseGen.Analyzers.Tests/Fixtures/UsageErrors.cs.txt",

        // The cost rules' deeper paths: buffers fed from nested lambdas, fields written by other
        // members, blocking calls in background work.
        "tests/SseGen.Analyzers.Tests/Corpus/Cases/rvernagus-how-to.5-multiple-producers.cs.txt",
        "tests/SseGen.Analyzers.Tests/Corpus/Cases/Ducheved-sharpmote.SseService.cs.txt",
        "tests/SseGen.Analyzers.Tests/Corpus/Cases/shendongnian-code.Program-ConsumerThread.cs.txt",
        "tests/SseGen.Analyzers.Tests/Corpus/Cases/secret-dev87-SoftMarketing.FSWatcher-Program.cs.txt",
    };

    [Fact]
    public void Every_analyzer_of_the_package_is_exercised()
    {
        Assert.True(Analyzers.Length >= 5, $"found only {Analyzers.Length} analyzers");
    }

    [Theory]
    [MemberData(nameof(EndpointFiles))]
    public async Task No_analyzer_or_generator_throws_on_any_line_prefix(string relativePath)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), relativePath));
        var failures = new List<string>();
        for (var count = 0; count <= lines.Length; count++)
        {
            var prefix = string.Join("\n", lines.Take(count));
            failures.AddRange(await RunAsync(prefix, $"{relativePath} lines 1-{count}"));
            if (failures.Count > 0)
            {
                break;
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_harness_reports_an_analyzer_that_throws()
    {
        // Proves the check above can fail: an analyzer that throws is seen as AD0001.
        var failures = await RunAsync("class C { void M() { } }", "throwing analyzer", ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()));
        Assert.Contains(failures, f => f.Contains("AD0001", StringComparison.Ordinal));
    }

    private static async Task<List<string>> RunAsync(string source, string label, ImmutableArray<DiagnosticAnalyzer>? analyzers = null)
    {
        var failures = new List<string>();
        var compilation = UsageVerifier.Compile(source);
        var exceptions = new ConcurrentBag<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) => exceptions.Add(exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers ?? Analyzers, options).GetAnalyzerDiagnosticsAsync();
        foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
        {
            failures.Add($"{label}: {diagnostic}");
        }

        foreach (var exception in exceptions)
        {
            failures.Add($"{label}: AD0001 {exception}");
        }

        var driver = CSharpGeneratorDriver.Create(new SseEndpointGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out _, out var generatorDiagnostics);
        foreach (var result in driver.GetRunResult().Results.Where(r => r.Exception is not null))
        {
            failures.Add($"{label}: generator threw {result.Exception}");
        }

        foreach (var diagnostic in generatorDiagnostics.Where(d => d.Id is "CS8784" or "CS8785"))
        {
            failures.Add($"{label}: {diagnostic}");
        }

        return failures;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SseGen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SseGen.sln not found above " + AppContext.BaseDirectory);
    }

    // Never shipped or registered: it exists only to prove the harness sees a crash.
#pragma warning disable RS1001 // no [DiagnosticAnalyzer]: the attribute would ask for analyzer-project rules this test project cannot meet
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
    {
#pragma warning disable RS2008 // a test-only rule, never shipped
        private static readonly DiagnosticDescriptor Rule = new("TEST001", "t", "t", "t", DiagnosticSeverity.Warning, true);
#pragma warning restore RS2008

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(_ => throw new InvalidOperationException("boom"), SymbolKind.Method);
        }
    }
}
