using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using DiffPlex;
using DiffPlex.Renderer;

namespace SseGen.Generator.Tests.Infrastructure;

/// <summary>
/// Verify-style baselines without Verify: each generated file is compared with
/// <c>Snapshots/{TestClass}.{TestMethod}.{HintName without .g.cs}.verified.cs</c> next to the test's
/// source file. On a mismatch the actual text is written beside it as <c>*.received.cs</c> (git
/// ignores those) and the test fails with a unified diff. The set of files is compared too: a
/// baseline with no generated file, or a generated file with no baseline, fails.
/// <para>
/// <c>SSEGEN_UPDATE_SNAPSHOTS=1</c> rewrites the baselines and still fails, so the switch is never
/// left on by accident. Review the diff in git, then run again without it.
/// </para>
/// </summary>
internal static partial class Snapshot
{
    public const string UpdateVariable = "SSEGEN_UPDATE_SNAPSHOTS";

    /// <summary>Stands for the generator's version, so a version bump does not rewrite every baseline.</summary>
    public const string VersionPlaceholder = "{SseGenVersion}";

    private const string VerifiedSuffix = ".verified.cs";
    private const string ReceivedSuffix = ".received.cs";

    private static bool UpdateRequested => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Fails with a diff unless <paramref name="files"/> (hint name → text) match the baselines.</summary>
    public static void Verify(IReadOnlyDictionary<string, string> files, [CallerFilePath] string testFile = "", [CallerMemberName] string testName = "")
    {
        if (Compare(files, testFile, testName) is { } failure)
        {
            Assert.Fail(failure);
        }
    }

    /// <summary>Compares (or, when asked, rewrites) the baselines; returns why the test fails, or null.</summary>
    public static string? Compare(IReadOnlyDictionary<string, string> files, string testFile, string testName)
    {
        var directory = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        var prefix = $"{Path.GetFileNameWithoutExtension(testFile)}.{testName}.";
        Directory.CreateDirectory(directory);

        var expectedPaths = files.Keys.ToDictionary(hint => hint, hint => Path.Combine(directory, prefix + BaseName(hint) + VerifiedSuffix), StringComparer.Ordinal);
        var stale = Directory.EnumerateFiles(directory, prefix + "*" + VerifiedSuffix)
            .Where(path => !expectedPaths.ContainsValue(path))
            .Order(StringComparer.Ordinal)
            .ToList();

        if (UpdateRequested)
        {
            foreach (var (hint, path) in expectedPaths)
            {
                File.WriteAllText(path, Normalize(files[hint]));
                File.Delete(path[..^VerifiedSuffix.Length] + ReceivedSuffix);
            }

            stale.ForEach(File.Delete);
            return $"{UpdateVariable}=1: rewrote {expectedPaths.Count} baseline(s) of {prefix.TrimEnd('.')} and deleted {stale.Count} stale one(s). "
                + "Review them with git diff, then run the tests again without the variable.";
        }

        var failures = new StringBuilder();
        foreach (var path in stale)
        {
            failures.Append($"Baseline {Path.GetFileName(path)} has no generated file: the generator no longer emits it (delete it, or run with {UpdateVariable}=1).\n");
        }

        foreach (var (hint, verifiedPath) in expectedPaths.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var received = Normalize(files[hint]);
            var receivedPath = verifiedPath[..^VerifiedSuffix.Length] + ReceivedSuffix;
            if (!File.Exists(verifiedPath))
            {
                File.WriteAllText(receivedPath, received);
                failures.Append($"Generated file {hint} has no baseline. Review {receivedPath} and rename it to {Path.GetFileName(verifiedPath)} (or run with {UpdateVariable}=1).\n");
                continue;
            }

            var verified = Normalize(File.ReadAllText(verifiedPath));
            if (verified == received)
            {
                File.Delete(receivedPath);
                continue;
            }

            File.WriteAllText(receivedPath, received);
            var diff = new UnidiffRenderer(new Differ(), contextLines: 3)
                .Generate(verified, received, Path.GetFileName(verifiedPath), Path.GetFileName(receivedPath), ignoreWhitespace: false, ignoreCase: false);
            failures.Append($"Generated file {hint} differs from its baseline ({receivedPath} written; accept it by renaming, or run with {UpdateVariable}=1):\n{diff}\n");
        }

        return failures.Length == 0 ? null : failures.ToString();
    }

    /// <summary><c>SseGen.Endpoints.g.cs</c> → <c>SseGen.Endpoints</c>.</summary>
    private static string BaseName(string hintName) =>
        hintName.EndsWith(".g.cs", StringComparison.Ordinal) ? hintName[..^".g.cs".Length]
        : hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName[..^".cs".Length]
        : hintName;

    /// <summary>LF line endings, and the version in <c>[GeneratedCode("SseGen", "x.y.z")]</c> replaced by a placeholder.</summary>
    private static string Normalize(string text) =>
        GeneratedCodeVersion().Replace(text.Replace("\r\n", "\n"), $"${{prefix}}{VersionPlaceholder}${{suffix}}");

    [GeneratedRegex("""(?<prefix>GeneratedCode\("SseGen", ")\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?(?<suffix>"\))""")]
    private static partial Regex GeneratedCodeVersion();
}
