using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SseGen.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs an analyzer (and its fixer) over test sources compiled against the local reference packs.
/// Compiler warnings count too: input and fixed code must both compile cleanly.
/// </summary>
internal static class Verifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>Asserts the diagnostics marked in <paramref name="source"/> and nothing else.</summary>
    public static Task VerifyAnalyzerAsync(string source) => new Test { TestCode = source }.RunAsync(CancellationToken.None);

    /// <summary>Asserts the marked diagnostics, that every fix yields <paramref name="fixedSource"/>, and that it is clean.</summary>
    public static Task VerifyCodeFixAsync(string source, string fixedSource) =>
        new Test { TestCode = source, FixedCode = fixedSource }.RunAsync(CancellationToken.None);

    /// <summary>The harness configured for SseGen: local references, latest C#, warnings checked.</summary>
    internal sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            // An empty set: no NuGet package is resolved; the references come from the installed packs.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(LocalReferences.All);
            CompilerDiagnostics = CompilerDiagnostics.Warnings;

            // SSE001 has two descriptors (two messages, one id); markup such as {|SSE001:…|} names the id only.
            MarkupOptions = MarkupOptions.UseFirstDescriptor;
            SolutionTransforms.Add((solution, projectId) =>
            {
                var project = solution.GetProject(projectId)!;
                var parseOptions = ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Latest);
                var compilationOptions = ((CSharpCompilationOptions)project.CompilationOptions!)
                    .WithNullableContextOptions(NullableContextOptions.Enable)
                    // Test snippets are not documented; every other warning still fails a test.
                    .WithSpecificDiagnosticOptions(project.CompilationOptions!.SpecificDiagnosticOptions.SetItem("CS1591", ReportDiagnostic.Suppress));
                return solution.WithProjectParseOptions(projectId, parseOptions).WithProjectCompilationOptions(projectId, compilationOptions);
            });
        }
    }
}
