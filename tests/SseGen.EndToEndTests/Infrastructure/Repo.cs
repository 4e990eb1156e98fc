using System.Reflection;

namespace SseGen.EndToEndTests.Infrastructure;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repo
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding SseGen.sln.</summary>
    public static string Root => LazyRoot.Value;

    public static string SampleProjectDirectory => Path.Combine(Root, "samples", "SseGen.Sample");

    /// <summary>The sample built with this test project (the project reference builds it first).</summary>
    public static string SampleDll
    {
        get
        {
            var configuration = typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "SseGen.SampleConfiguration").Value!;
            var dll = Path.Combine(SampleProjectDirectory, "bin", configuration, "net10.0", "SseGen.Sample.dll");
            if (!File.Exists(dll))
            {
                throw new InvalidOperationException($"The sample is not built: {dll} is missing. Build tests/SseGen.EndToEndTests (it builds the sample first).");
            }

            return dll;
        }
    }

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
