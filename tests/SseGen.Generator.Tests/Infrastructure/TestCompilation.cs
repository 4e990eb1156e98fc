using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SseGen.Generator.Tests.Infrastructure;

/// <summary>
/// Builds a compilation of a small web app from source strings, as strict as a user can make it
/// (nullable enabled, every warning an error, all warning waves), and runs SseGen's generator
/// together with the real System.Text.Json generator over it.
/// </summary>
internal static class TestCompilation
{
    /// <summary>The global usings of a project on the Web SDK with <c>ImplicitUsings</c> enabled.</summary>
    public const string WebSdkGlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    private static readonly Lazy<MetadataReference> RuntimeReference = new(() =>
        MetadataReference.CreateFromFile(typeof(SseEndpointAttribute).Assembly.Location));

    /// <summary>
    /// The newest language version Roslyn 4.14 knows: C# 14 was still <c>Preview</c> there, and a
    /// .NET 10 project compiles as C# 14.
    /// </summary>
    public static readonly CSharpParseOptions ParseOptions = new(
        Enum.TryParse<LanguageVersion>("CSharp14", out var csharp14) ? csharp14 : LanguageVersion.Preview,
        DocumentationMode.Diagnose);

    public static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: ReportDiagnostic.Error,
            warningLevel: 9999,
            deterministic: true)
        // XML docs are checked (a bad cref in generated code is an error), but test inputs are not documented.
        .WithSpecificDiagnosticOptions([new KeyValuePair<string, ReportDiagnostic>("CS1591", ReportDiagnostic.Suppress)]);

    /// <summary>A compilation of <paramref name="sources"/> plus the Web SDK's global usings.</summary>
    public static CSharpCompilation Create(params string[] sources) => Create(sources, referenceRuntime: true);

    public static CSharpCompilation Create(IEnumerable<string> sources, bool referenceRuntime)
    {
        var trees = sources
            .Prepend(WebSdkGlobalUsings)
            .Select((text, i) => CSharpSyntaxTree.ParseText(text, ParseOptions, path: i == 0 ? "GlobalUsings.cs" : $"Input{i}.cs"));
        var references = referenceRuntime
            ? InstalledPacks.FrameworkReferences.Add(RuntimeReference.Value)
            : InstalledPacks.FrameworkReferences;
        return CSharpCompilation.Create("TestApp", trees, references, CompilationOptions);
    }

    /// <summary>
    /// A compilation of <paramref name="sources"/> in an app that references Microsoft.AspNetCore.OpenApi
    /// (and so Microsoft.OpenApi), the assemblies this test project is built with.
    /// </summary>
    public static CSharpCompilation CreateWithOpenApi(params string[] sources) =>
        Create(sources)
            .AddReferences(
                MetadataReference.CreateFromFile(typeof(Microsoft.AspNetCore.OpenApi.OpenApiOptions).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(Microsoft.OpenApi.OpenApiOperation).Assembly.Location))
            // Microsoft.OpenApi targets net8.0: the SDK's default NoWarn (CS1701/CS1702) accepts its older framework references.
            .WithOptions(CompilationOptions.WithSpecificDiagnosticOptions(CompilationOptions.SpecificDiagnosticOptions
                .SetItem("CS1701", ReportDiagnostic.Suppress)
                .SetItem("CS1702", ReportDiagnostic.Suppress)));

    /// <summary>A driver with only SseGen's generator, tracking its steps.</summary>
    public static GeneratorDriver CreateTrackingDriver() =>
        CSharpGeneratorDriver.Create(
            [new SseEndpointGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Compiles <paramref name="sources"/> and runs SseGen's and System.Text.Json's generators.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(Create(sources));

    public static GeneratorRun Run(CSharpCompilation compilation)
    {
        var generators = InstalledPacks.JsonSourceGenerators
            .Select(GeneratorExtensions.AsSourceGenerator)
            .Prepend(new SseEndpointGenerator().AsSourceGenerator());
        var driver = CSharpGeneratorDriver.Create(generators, parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        return new GeneratorRun(compilation, output, driverDiagnostics, driver.GetRunResult());
    }
}

/// <summary>The outcome of one generator run: what SseGen generated, and whether everything compiles.</summary>
internal sealed class GeneratorRun(Compilation input, Compilation output, ImmutableArray<Diagnostic> driverDiagnostics, GeneratorDriverRunResult result)
{
    public Compilation Input { get; } = input;

    public Compilation Output { get; } = output;

    public GeneratorDriverRunResult Result { get; } = result;

    /// <summary>SseGen's own run result.</summary>
    public GeneratorRunResult SseGen => Result.Results.Single(r => r.Generator.GetGeneratorType() == typeof(SseEndpointGenerator));

    /// <summary>SseGen's generated files, by hint name.</summary>
    public IReadOnlyDictionary<string, string> GeneratedSources =>
        SseGen.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>The text of the one file SseGen generates.</summary>
    public string EndpointsSource => GeneratedSources.TryGetValue("SseGen.Endpoints.g.cs", out var text)
        ? text
        : throw new Xunit.Sdk.XunitException($"SseGen generated no SseGen.Endpoints.g.cs; it generated: [{string.Join(", ", GeneratedSources.Keys)}]");

    /// <summary>
    /// Every diagnostic of the driver (a generator exception is CS8784/CS8785) and of the output
    /// compilation (input plus all generated sources), except hidden ones such as unused usings.
    /// </summary>
    public ImmutableArray<Diagnostic> Diagnostics =>
        [.. driverDiagnostics.Concat(Output.GetDiagnostics()).Where(d => d.Severity != DiagnosticSeverity.Hidden)];

    /// <summary>The diagnostics, one a line, each with the offending source line; null when there are none.</summary>
    public string? DescribeDiagnostics()
    {
        var diagnostics = Diagnostics;
        if (diagnostics.IsEmpty)
        {
            return null;
        }

        var text = new StringBuilder($"{diagnostics.Length} diagnostic(s) in the compilation of the input and all generated sources:\n");
        foreach (var diagnostic in diagnostics)
        {
            text.Append("  ").Append(diagnostic).Append('\n');
            if (diagnostic.Location.IsInSource)
            {
                var span = diagnostic.Location.GetLineSpan();
                var line = diagnostic.Location.SourceTree!.GetText().Lines[span.StartLinePosition.Line].ToString().Trim();
                text.Append("      | ").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    public void AssertNoDiagnostics()
    {
        if (DescribeDiagnostics() is { } description)
        {
            Assert.Fail(description);
        }
    }

    /// <summary>Fails if any generator threw: its exception, or the CS8784/CS8785 warning that reports it.</summary>
    public void AssertNoGeneratorFailed()
    {
        var failures = Result.Results
            .Where(r => r.Exception is not null)
            .Select(r => $"{r.Generator.GetGeneratorType().Name} threw {r.Exception}")
            .Concat(Result.Diagnostics.Where(d => d.Id is "CS8784" or "CS8785").Select(d => d.ToString()))
            .ToList();
        Assert.True(failures.Count == 0, "A generator failed:\n" + string.Join("\n", failures));
    }
}
