using System.Diagnostics;
using SseGen.ToolingTests.Infrastructure;
using Xunit.Abstractions;

namespace SseGen.ToolingTests;

[CollectionDefinition(Name)]
public sealed class ToolingCollection : ICollectionFixture<ToolingFixture>
{
    public const string Name = "Tooling";
}

/// <summary>
/// Once per run: packs SseGen with a version no cache has seen into a temporary feed, and installs
/// the language server (csharp-ls) into a temporary tool path. Each test then creates its own fresh
/// consumer project that knows only that feed and restores into this run's own packages folder, so
/// nothing stale from ~/.nuget/packages can stand in for the package under test.
/// </summary>
public sealed class ToolingFixture : IAsyncLifetime
{
    public const string CSharpLsVersion = "0.28.0";

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(2);

    private readonly TempDirectory temp = new("ssegen-tooling");

    public string Version { get; } = $"0.1.0-tooling.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..8]}";

    public string FeedDirectory => temp.Combine("feed");

    public string PackagesDirectory => temp.Combine("packages");

    public string PackagePath => Path.Combine(FeedDirectory, $"SseGen.{Version}.nupkg");

    public string ToolDirectory => temp.Combine("tools");

    /// <summary>The csharp-ls launcher in the temporary tool path.</summary>
    public string CSharpLsExecutable => Path.Combine(ToolDirectory, OperatingSystem.IsWindows() ? "csharp-ls.exe" : "csharp-ls");

    internal CommandResult? Pack { get; private set; }

    internal CommandResult? Install { get; private set; }

    internal Exception? InitializeFailure { get; private set; }

    public async Task InitializeAsync()
    {
        try
        {
            // Independent: the pack is CPU-bound, the install mostly waits on the feed.
            var pack = ChildProcesses.RunDotNetAsync(Repo.Root, PackTimeout,
                "pack", Path.Combine("src", "SseGen.Runtime"),
                "-c", "Release",
                "-o", FeedDirectory,
                $"-p:Version={Version}",
                // Own bin/obj: never touches the repo's build output (others may be building it).
                "--artifacts-path", temp.Combine("pack-artifacts"),
                "-nodeReuse:false");

            // From the repo root so the repo's nuget.config (the registry) applies.
            var install = ChildProcesses.RunDotNetAsync(Repo.Root, InstallTimeout,
                "tool", "install", "csharp-ls",
                "--version", CSharpLsVersion,
                "--tool-path", ToolDirectory);

            await Task.WhenAll(pack, install);
            Pack = await pack;
            Install = await install;
        }
        catch (Exception e)
        {
            InitializeFailure = e;
        }
    }

    public Task DisposeAsync()
    {
        temp.Dispose();
        return Task.CompletedTask;
    }

    public void AssertPacked()
    {
        Assert.True(InitializeFailure is null, InitializeFailure?.ToString());
        Assert.NotNull(Pack);
        Assert.True(Pack.ExitCode == 0, Pack.ToString());
        Assert.True(File.Exists(PackagePath), $"{PackagePath} was not produced.\n{Pack}");
    }

    public void AssertLanguageServerInstalled()
    {
        Assert.True(InitializeFailure is null, InitializeFailure?.ToString());
        Assert.NotNull(Install);
        Assert.True(Install.ExitCode == 0, Install.ToString());
        Assert.True(File.Exists(CSharpLsExecutable), $"{CSharpLsExecutable} was not installed.\n{Install}");
    }

    /// <summary>Writes a fresh consumer project into its own folder and restores it from the temporary feed only.</summary>
    internal async Task<ConsumerProject> CreateConsumerAsync(string name, ITestOutputHelper output)
    {
        AssertPacked();
        var consumer = ConsumerProject.Write(temp.Combine("consumers", name), FeedDirectory, PackagesDirectory, Version);
        var restore = await ChildProcesses.RunDotNetAsync(consumer.Directory, TimeSpan.FromMinutes(3), "restore", "-nodeReuse:false");
        output.WriteLine($"[{name}] dotnet restore: {restore.Elapsed.TotalSeconds:0.0} s");
        Assert.True(restore.ExitCode == 0, restore.ToString());

        // The package came from this run's feed into this run's packages folder, nowhere else.
        var restored = Path.Combine(PackagesDirectory, "ssegen", Version.ToLowerInvariant());
        Assert.True(Directory.Exists(restored), $"SseGen {Version} was not restored into {PackagesDirectory}.\n{restore}");
        var assets = File.ReadAllText(Path.Combine(consumer.Directory, "obj", "project.assets.json"));
        Assert.Contains($"\"SseGen/{Version}\"", assets);
        return consumer;
    }

    internal static string Seconds(Stopwatch stopwatch) => $"{stopwatch.Elapsed.TotalSeconds:0.0} s";
}
