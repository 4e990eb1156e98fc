using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SseGen.Analyzers.Tests.Infrastructure;
using SseGen.Generator.Analyzers;
using Xunit;
using Xunit.Abstractions;

namespace SseGen.Analyzers.Tests.Corpus;

/// <summary>
/// The leak rules on real streaming methods (SSE endpoints, IAsyncEnumerable minimal APIs, SignalR
/// streaming hubs, gRPC server streams) from public repositories, adapted into endpoints and
/// labelled by hand: no false positive, recall at least 95% per rule, and the table in
/// docs/rules/README.md is the one measured here.
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    private const double RecallTarget = 0.95;
    private const string TableStart = "<!-- corpus-table:start -->";
    private const string TableEnd = "<!-- corpus-table:end -->";

    private static readonly ImmutableArray<DiagnosticAnalyzer> LeakAnalyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new MissingEnumeratorCancellationAnalyzer(),
        new TokenNotForwardedAnalyzer(),
        new UnreleasedResourceAnalyzer(),
        new UnobservedEndlessLoopAnalyzer(),
        new UnboundedBufferAnalyzer(),
        new BlockingCallAnalyzer());

    private static readonly Lazy<Task<CorpusScore>> s_score = new(ScoreAsync);

    [Fact]
    public void The_corpus_holds_at_least_30_sourced_cases()
    {
        var cases = CorpusCase.LoadAll(RepositoryRoot());
        Assert.True(cases.Length >= 30, $"the corpus has {cases.Length} cases; the issue asks for at least 30");
        Assert.All(cases, c => Assert.Matches(@"^[\w.-]+/[\w.-]+ \S", c.Source));
        Assert.Equal(cases.Length, cases.Select(c => c.Source).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task No_rule_reports_a_case_labelled_clean_for_it()
    {
        var score = await s_score.Value;
        var falsePositives = CorpusScore.Rules.SelectMany(rule => score.FalsePositives(rule).Select(name => $"{rule} on {name}")).ToList();
        Assert.True(falsePositives.Count == 0, "false positives:\n" + string.Join("\n", falsePositives));
    }

    [Fact]
    public async Task Every_rule_catches_at_least_95_percent_of_its_labelled_leaks()
    {
        var score = await s_score.Value;
        output.WriteLine(score.Table());
        foreach (var rule in CorpusScore.Rules)
        {
            Assert.True(
                score.Recall(rule) >= RecallTarget,
                $"{rule}: recall {score.Recall(rule):P0} is under {RecallTarget:P0}; missed: {string.Join(", ", score.Misses(rule))}");
        }
    }

    [Fact]
    public async Task A_leak_labelled_out_of_reach_is_really_not_caught()
    {
        // When a rule learns to see one of them, move its label to "Expect:" so it counts.
        var score = await s_score.Value;
        var stale = CorpusScore.Rules.SelectMany(rule => score.CaughtOutOfReach(rule).Select(name => $"{rule} now catches {name}")).ToList();
        Assert.True(stale.Count == 0, string.Join("\n", stale));
    }

    [Fact]
    public async Task The_docs_table_is_the_measured_one()
    {
        var score = await s_score.Value;
        var path = Path.Combine(RepositoryRoot(), "docs", "rules", "README.md");
        var docs = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = docs.IndexOf(TableStart, StringComparison.Ordinal);
        var end = docs.IndexOf(TableEnd, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{path} has no {TableStart} … {TableEnd} section");
        var documented = docs.Substring(start + TableStart.Length, end - start - TableStart.Length).Trim();
        Assert.True(documented == score.Table(), $"docs/rules/README.md is stale; replace the section between the markers with:\n{score.Table()}");
    }

    private static async Task<CorpusScore> ScoreAsync()
    {
        var score = new CorpusScore();
        foreach (var corpusCase in CorpusCase.LoadAll(RepositoryRoot()))
        {
            var compilation = UsageVerifier.Compile(corpusCase.Text);
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"{corpusCase.Name} does not compile:\n{string.Join("\n", errors)}");
            }

            var diagnostics = await compilation.WithAnalyzers(LeakAnalyzers).GetAnalyzerDiagnosticsAsync();
            score.Add(corpusCase, diagnostics.Select(d => d.Id).ToImmutableHashSet(StringComparer.Ordinal));
        }

        return score;
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
