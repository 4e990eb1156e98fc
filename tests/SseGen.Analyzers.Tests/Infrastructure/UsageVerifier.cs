using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SseGen.Generator;
using SseGen.Generator.Analyzers;

namespace SseGen.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs the usage analyzer over a snippet (markup marks the expected SSE1xx errors), and runs the
/// generator over the same snippet to see which endpoints it maps.
/// </summary>
internal static class UsageVerifier
{
    public static Task VerifyAsync(string source) => VerifyAsync<UsageAnalyzer>(source, OutputKind.DynamicallyLinkedLibrary);

    /// <summary>Runs <typeparamref name="TAnalyzer"/> over <paramref name="source"/> compiled as <paramref name="outputKind"/>.</summary>
    public static Task VerifyAsync<TAnalyzer>(string source, OutputKind outputKind)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            CompilerDiagnostics = CompilerDiagnostics.Errors,
        };
        test.TestState.OutputKind = outputKind;
        test.TestState.AdditionalReferences.AddRange(LocalReferences.All);
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            return solution
                .WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Latest))
                .WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable));
        });
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>The source the generator emits for <paramref name="source"/> (markup removed first).</summary>
    public static string Generate(string source)
    {
        var compilation = Compile(StripMarkup(source));
        var driver = CSharpGeneratorDriver.Create(new SseEndpointGenerator()).RunGenerators(compilation);
        var result = driver.GetRunResult().Results[0];
        Assert.Null(result.Exception);
        return result.GeneratedSources.Length == 0 ? string.Empty : result.GeneratedSources[0].SourceText.ToString();
    }

    /// <summary>The usage analyzer's diagnostics for <paramref name="source"/> (markup removed first), to read their messages.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source)
    {
        var compilation = Compile(StripMarkup(source));
        return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new UsageAnalyzer())).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
    }

    public static CSharpCompilation Compile(params string[] sources)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = ImmutableArray.CreateBuilder<SyntaxTree>();
        foreach (var source in sources)
        {
            trees.Add(CSharpSyntaxTree.ParseText(source, parseOptions));
        }

        return CSharpCompilation.Create(
            "UsageTest",
            trees,
            LocalReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>Removes <c>{|ID:…|}</c> and <c>[|…|]</c> markup, keeping the marked text.</summary>
    public static string StripMarkup(string source) =>
        System.Text.RegularExpressions.Regex.Replace(source, @"\{\|[A-Z0-9]+:|\[\||\|\}|\|\]", string.Empty);
}
