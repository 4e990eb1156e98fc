namespace SseGen.ToolingTests.Infrastructure;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repo
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding SseGen.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Where results the lead can quote are written (ignored by git).</summary>
    public static string ArtifactsDirectory => Path.Combine(Root, "artifacts", "tooling");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SseGen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SseGen.sln above {AppContext.BaseDirectory}.");
    }
}
