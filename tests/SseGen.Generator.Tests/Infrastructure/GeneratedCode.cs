using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace SseGen.Generator.Tests.Infrastructure;

/// <summary>The one assertion of a snapshot test: the generated code matches its baselines, maps every endpoint, and compiles clean.</summary>
internal static partial class GeneratedCode
{
    /// <summary>
    /// Runs the generators over <paramref name="sources"/> and fails unless (1) SseGen's files match
    /// their baselines, (2) every <c>[SseEndpoint("…")]</c> route of the input is mapped (a baseline
    /// must never silently accept a skipped endpoint), and (3) the input plus every generated source
    /// compiles with zero diagnostics under nullable enable and warnings as errors. All three are
    /// checked and reported together, so one run shows every problem.
    /// </summary>
    public static GeneratorRun Verify(string[] sources, [CallerFilePath] string testFile = "", [CallerMemberName] string testName = "") =>
        Verify(TestCompilation.Run(sources), sources, testFile, testName);

    /// <summary>As <see cref="Verify(string[], string, string)"/>, in an app that references Microsoft.AspNetCore.OpenApi.</summary>
    public static GeneratorRun VerifyWithOpenApi(string source, [CallerFilePath] string testFile = "", [CallerMemberName] string testName = "") =>
        Verify(TestCompilation.Run(TestCompilation.CreateWithOpenApi(source)), [source], testFile, testName);

    private static GeneratorRun Verify(GeneratorRun run, string[] sources, string testFile, string testName)
    {
        var failures = new List<string>();

        run.AssertNoGeneratorFailed();
        if (Snapshot.Compare(run.GeneratedSources, testFile, testName) is { } snapshotFailure)
        {
            failures.Add(snapshotFailure);
        }

        var generated = string.Concat(run.GeneratedSources.Values);
        var unmapped = sources
            .SelectMany(source => SseEndpointRoute().Matches(source))
            .Select(match => match.Groups["route"].Value)
            .Where(route => !generated.Contains($"MapGet(endpoints, \"{route}\"", StringComparison.Ordinal))
            .ToList();
        if (unmapped.Count > 0)
        {
            failures.Add($"The generator skipped endpoint(s) it should map: {string.Join(", ", unmapped)}");
        }

        if (run.DescribeDiagnostics() is { } diagnostics)
        {
            failures.Add(diagnostics);
        }

        if (failures.Count > 0)
        {
            Assert.Fail(string.Join("\n", failures));
        }

        return run;
    }

    /// <inheritdoc cref="Verify(string[], string, string)"/>
    public static GeneratorRun Verify(string source, [CallerFilePath] string testFile = "", [CallerMemberName] string testName = "") =>
        Verify([source], testFile, testName);

    [GeneratedRegex("""\[SseEndpoint\("(?<route>[^"]*)"\s*[,)]""")]
    private static partial Regex SseEndpointRoute();
}
