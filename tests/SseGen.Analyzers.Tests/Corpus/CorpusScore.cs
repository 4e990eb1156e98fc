using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SseGen.Analyzers.Tests.Corpus;

/// <summary>What the leak rules reported on each case, scored per rule against the hand labels.</summary>
internal sealed class CorpusScore
{
    public static readonly ImmutableArray<string> Rules = ImmutableArray.Create("SSE001", "SSE002", "SSE003", "SSE004", "SSE005", "SSE006");

    private readonly List<(CorpusCase Case, ImmutableHashSet<string> Reported)> _results = new();

    public void Add(CorpusCase corpusCase, ImmutableHashSet<string> reported) => _results.Add((corpusCase, reported));

    public int CaseCount => _results.Count;

    public IEnumerable<string> FalsePositives(string rule) =>
        _results.Where(r => r.Reported.Contains(rule) && !r.Case.Expected.Contains(rule)).Select(r => r.Case.Name);

    public IEnumerable<string> Misses(string rule) =>
        _results.Where(r => r.Case.Expected.Contains(rule) && !r.Reported.Contains(rule)).Select(r => r.Case.Name);

    /// <summary>Cases labelled out of reach for a rule that the rule now does catch: the label is stale.</summary>
    public IEnumerable<string> CaughtOutOfReach(string rule) =>
        _results.Where(r => r.Case.OutOfReach.ContainsKey(rule) && r.Reported.Contains(rule)).Select(r => r.Case.Name);

    public int Labelled(string rule) => _results.Count(r => r.Case.Expected.Contains(rule));

    public int Caught(string rule) => _results.Count(r => r.Case.Expected.Contains(rule) && r.Reported.Contains(rule));

    public int Reported(string rule) => _results.Count(r => r.Reported.Contains(rule));

    public int OutOfReach(string rule) => _results.Count(r => r.Case.OutOfReach.ContainsKey(rule));

    /// <summary>Recall over the leaks the rule is meant to see; 1 when there are none.</summary>
    public double Recall(string rule) => Labelled(rule) == 0 ? 1 : (double)Caught(rule) / Labelled(rule);

    /// <summary>Recall if the leaks labelled out of reach counted as misses.</summary>
    public double RecallWithOutOfReach(string rule) => Labelled(rule) + OutOfReach(rule) == 0 ? 1 : (double)Caught(rule) / (Labelled(rule) + OutOfReach(rule));

    public double Precision(string rule) => Reported(rule) == 0 ? 1 : (double)Caught(rule) / Reported(rule);

    /// <summary>The Markdown table for docs/rules/README.md (invariant culture, stable order).</summary>
    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured on {CaseCount} cases by `CorpusTests` (rules run case by case, labels from each file's header).");
        text.AppendLine();
        text.AppendLine("| rule | leaks labelled | caught | false positives | precision | recall | real leaks out of reach | recall counting those |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var rule in Rules)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {rule} | {Labelled(rule)} | {Caught(rule)} | {Reported(rule) - Caught(rule)} | {Percent(Precision(rule))} | {Percent(Recall(rule))} | {OutOfReach(rule)} | {Percent(RecallWithOutOfReach(rule))} |");
        }

        var outOfReach = _results.SelectMany(r => r.Case.OutOfReach.Select(o => (Rule: o.Key, r.Case.Source, Why: o.Value))).OrderBy(o => o.Rule, StringComparer.Ordinal).ThenBy(o => o.Source, StringComparer.Ordinal).ToList();
        if (outOfReach.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Out of reach (real leaks the rules do not see, kept in the corpus so a future rule can claim them):");
            text.AppendLine();
            foreach (var (rule, source, why) in outOfReach)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {rule}, `{source}`: {why}.");
            }
        }

        return text.ToString().TrimEnd();
    }

    private static string Percent(double value) => value.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", string.Empty, StringComparison.Ordinal);
}
