using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SseGen.Analyzers.Tests;

/// <summary>Every rule's help link points at its page under docs/rules, and that page exists.</summary>
public sealed class RuleHelpLinkTests
{
    public static TheoryData<string, string> Descriptors()
    {
        var data = new TheoryData<string, string>();
        var analyzers = typeof(SseGen.Generator.Analyzers.SseEndpointSymbols).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in analyzers)
        {
            var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
            // One row per id: SSE001 has two descriptors (two messages) that share the id and its page.
            foreach (var id in analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct(StringComparer.Ordinal))
            {
                data.Add(type.Name, id);
            }
        }

        return data;
    }

    [Fact]
    public void The_assembly_has_an_analyzer_for_each_leak_rule()
    {
        var ids = Descriptors().Select(row => (string)row[1]).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new[] { "SSE001", "SSE002", "SSE003", "SSE004", "SSE005", "SSE006" }.ToHashSet(), ids);
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Help_link_points_at_an_existing_rule_page(string analyzer, string id)
    {
        foreach (var descriptor in DescriptorsOf(analyzer, id))
        {
            Assert.True(
                descriptor.HelpLinkUri.EndsWith($"docs/rules/{id}.md", StringComparison.Ordinal),
                $"{analyzer}: help link of {id} is '{descriptor.HelpLinkUri}', expected it to end in 'docs/rules/{id}.md'.");
        }

        var page = Path.Combine(FindRepositoryRoot(), "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{analyzer}: {id} links to docs/rules/{id}.md, but {page} does not exist.");
        Assert.StartsWith($"# {id}: ", File.ReadLines(page).First(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Rule_page_opens_with_the_shared_table_that_matches_the_descriptor(string analyzer, string id)
    {
        var lines = File.ReadLines(Path.Combine(FindRepositoryRoot(), "docs", "rules", id + ".md")).Skip(1).SkipWhile(string.IsNullOrWhiteSpace).Take(5).ToArray();

        // One table shape on every page: a reader (and a link checker) finds the same rows in the same place.
        foreach (var descriptor in DescriptorsOf(analyzer, id))
        {
            Assert.Equal(["| | |", "|---|---|", $"| Category | {descriptor.Category} |", $"| Severity | {descriptor.DefaultSeverity} |"], lines.Take(4));
        }

        Assert.Matches(@"^\| Code fix \| (Yes|No)\b.* \|$", lines[4]);
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Descriptor_has_a_description(string analyzer, string id)
    {
        foreach (var descriptor in DescriptorsOf(analyzer, id))
        {
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()), $"{analyzer}: {id} has no description; IDEs show it under the rule's title.");
        }
    }

    /// <summary>Every descriptor of the id: SSE001 has two (two messages) that share the id and its page.</summary>
    private static DiagnosticDescriptor[] DescriptorsOf(string analyzer, string id)
    {
        var descriptors = ((DiagnosticAnalyzer)Activator.CreateInstance(typeof(SseGen.Generator.Analyzers.SseEndpointSymbols).Assembly.GetTypes().Single(t => t.Name == analyzer))!)
            .SupportedDiagnostics.Where(d => d.Id == id).ToArray();
        Assert.NotEmpty(descriptors);
        return descriptors;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SseGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SseGen.sln above {AppContext.BaseDirectory}.");
    }
}
