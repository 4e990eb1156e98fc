using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;

namespace SseGen.Analyzers.Tests.Corpus;

/// <summary>
/// One real streaming method, adapted into an <c>[SseEndpoint]</c> and labelled by hand in its
/// header: <c>// Source: owner/repo path</c>, <c>// Expect: SSE002, SSE004</c> (or <c>none</c>), and
/// optionally <c>// OutOfReach: SSE003 (why)</c> for a real leak the rules are known not to see.
/// </summary>
internal sealed record CorpusCase(string Name, string Source, string Text, ImmutableHashSet<string> Expected, ImmutableDictionary<string, string> OutOfReach)
{
    /// <summary>The folder of the cases, under the repository root.</summary>
    public const string Folder = "tests/SseGen.Analyzers.Tests/Corpus/Cases";

    public static ImmutableArray<CorpusCase> LoadAll(string repositoryRoot) =>
        Directory.EnumerateFiles(Path.Combine(repositoryRoot, Folder), "*.cs.txt")
            .Order(StringComparer.Ordinal)
            .Select(Parse)
            .ToImmutableArray();

    public static CorpusCase Parse(string path)
    {
        var name = Path.GetFileName(path);
        var text = File.ReadAllText(path);
        string? source = null;
        ImmutableHashSet<string>? expected = null;
        var outOfReach = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')).TakeWhile(l => l.StartsWith("//", StringComparison.Ordinal)))
        {
            var content = line.Substring(2).Trim();
            if (content.StartsWith("Source:", StringComparison.Ordinal))
            {
                source = content.Substring("Source:".Length).Trim();
            }
            else if (content.StartsWith("Expect:", StringComparison.Ordinal))
            {
                expected = Ids(content.Substring("Expect:".Length));
            }
            else if (content.StartsWith("OutOfReach:", StringComparison.Ordinal))
            {
                var rest = content.Substring("OutOfReach:".Length).Trim();
                var id = rest.Split(' ', 2)[0];
                outOfReach[id] = rest.Substring(id.Length).Trim().Trim('(', ')');
            }
        }

        if (source is null || expected is null)
        {
            throw new InvalidOperationException($"{name}: the header needs a '// Source:' and an '// Expect:' line.");
        }

        return new CorpusCase(name, source, text, expected, outOfReach.ToImmutable());
    }

    /// <summary>"SSE002, SSE004 (a note)" → {SSE002, SSE004}; "none (…)" → {}.</summary>
    private static ImmutableHashSet<string> Ids(string list)
    {
        var ids = new List<string>();
        foreach (var word in list.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.StartsWith("(", StringComparison.Ordinal))
            {
                break;
            }

            if (word.StartsWith("SSE", StringComparison.Ordinal))
            {
                ids.Add(word);
            }
        }

        return ids.ToImmutableHashSet(StringComparer.Ordinal);
    }
}
