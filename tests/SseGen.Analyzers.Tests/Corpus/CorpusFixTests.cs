using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SseGen.Analyzers.Tests.Infrastructure;
using SseGen.CodeFixes;
using SseGen.Generator.Analyzers;
using Xunit;

namespace SseGen.Analyzers.Tests.Corpus;

/// <summary>
/// Every leak fix, applied one at a time to the real code of the corpus: the result compiles, and
/// no diagnostic (compiler or leak rule) appears that was not there before; the fixed one goes.
/// </summary>
public sealed class CorpusFixTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> LeakAnalyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new MissingEnumeratorCancellationAnalyzer(),
        new TokenNotForwardedAnalyzer(),
        new UnreleasedResourceAnalyzer(),
        new UnobservedEndlessLoopAnalyzer(),
        new UnboundedBufferAnalyzer(),
        new BlockingCallAnalyzer());

    private static readonly ImmutableArray<CodeFixProvider> Fixers = ImmutableArray.Create<CodeFixProvider>(
        new MissingEnumeratorCancellationCodeFixProvider(),
        new TokenNotForwardedCodeFixProvider(),
        new UnreleasedResourceCodeFixProvider(),
        new UnobservedEndlessLoopCodeFixProvider(),
        new UnboundedBufferCodeFixProvider(),
        new BlockingCallCodeFixProvider());

    [Fact]
    public async Task Every_fix_compiles_removes_its_diagnostic_and_adds_none()
    {
        var failures = new List<string>();
        var applied = 0;
        foreach (var corpusCase in CorpusCase.LoadAll(RepositoryRoot()))
        {
            var document = CreateDocument(corpusCase.Text);
            var before = await DiagnoseAsync(document);
            foreach (var diagnostic in before.Where(d => d.Id.StartsWith("SSE", StringComparison.Ordinal)))
            {
                foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    var actions = new List<CodeAction>();
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                    foreach (var action in actions)
                    {
                        var change = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
                        var after = await DiagnoseAsync(change.ChangedSolution.GetDocument(document.Id)!);
                        var where = $"{corpusCase.Name}: '{action.Title}' for {diagnostic.Id} at line {diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}";
                        failures.AddRange(Compare(before, after, diagnostic.Id, where));
                        applied++;
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // The corpus has fixable leaks of every rule; a run that applied nothing proves nothing.
        Assert.True(applied >= 15, $"only {applied} fixes were applied to the corpus");
    }

    [Fact]
    public async Task Fixing_each_case_until_no_fix_is_left_compiles_and_leaves_only_unfixable_reports()
    {
        var failures = new List<string>();
        foreach (var corpusCase in CorpusCase.LoadAll(RepositoryRoot()))
        {
            var document = CreateDocument(corpusCase.Text);
            for (var round = 0; ; round++)
            {
                var action = await FirstFixAsync(document);
                if (action is null)
                {
                    break;
                }

                if (round == 20)
                {
                    failures.Add($"{corpusCase.Name}: still offering '{action.Title}' after 20 fixes");
                    break;
                }

                var change = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
                document = change.ChangedSolution.GetDocument(document.Id)!;
            }

            foreach (var error in (await DiagnoseAsync(document)).Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                failures.Add($"{corpusCase.Name}: fully fixed code does not compile: {error}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<CodeAction?> FirstFixAsync(Document document)
    {
        foreach (var diagnostic in (await DiagnoseAsync(document)).Where(d => d.Id.StartsWith("SSE", StringComparison.Ordinal)))
        {
            foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                if (actions.Count > 0)
                {
                    return actions[0];
                }
            }
        }

        return null;
    }

    /// <summary>Per id, no more diagnostics than before (no compiler error at all), and fewer of the fixed id.</summary>
    private static IEnumerable<string> Compare(ImmutableArray<Diagnostic> before, ImmutableArray<Diagnostic> after, string fixedId, string where)
    {
        foreach (var error in after.Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            yield return $"{where}: the fix does not compile: {error}";
        }

        var counts = before.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var group in after.GroupBy(d => d.Id))
        {
            // SSE002 and SSE004 stay quiet while an endpoint has no token at all (SSE001 says what to
            // do first); the token SSE001's fix adds lets them report the leaks that were there all along.
            if (fixedId == "SSE001" && group.Key is "SSE002" or "SSE004")
            {
                continue;
            }

            var had = counts.TryGetValue(group.Key, out var count) ? count : 0;
            if (group.Count() > had)
            {
                yield return $"{where}: the fix adds {group.Key}: {group.First()}";
            }
        }

        if (after.Count(d => d.Id == fixedId) >= counts[fixedId])
        {
            yield return $"{where}: {fixedId} is still reported as often as before";
        }
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnoseAsync(Document document)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var analyzers = await compilation.WithAnalyzers(LeakAnalyzers).GetAnalyzerDiagnosticsAsync();
        return compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Concat(analyzers)
            .ToImmutableArray();
    }

    private static Document CreateDocument(string text)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "Corpus",
            "Corpus",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: LocalReferences.All));
        return workspace.AddDocument(project.Id, "Case.cs", Microsoft.CodeAnalysis.Text.SourceText.From(text));
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
}
