using SseGen.EndToEndTests.Infrastructure;

namespace SseGen.EndToEndTests;

/// <summary>
/// Packs SseGen as a release would be packed: from a clone of the committed tree whose origin is the
/// public GitHub repository, as a CI build (<c>ContinuousIntegrationBuild=true</c>). Source Link
/// needs that origin to know where sources live, and a working copy may have none.
/// </summary>
public sealed class SymbolsFixture : IAsyncLifetime
{
    public const string PublicRepository = "https://github.com/ssegen/ssegen";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    private readonly TempDirectory temp = new("ssegen-e2e-symbols");

    public string Version { get; } = $"0.1.0-symbols.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..8]}";

    public string PackagePath => temp.Combine("feed", $"SseGen.{Version}.nupkg");

    public string SymbolPackagePath => temp.Combine("feed", $"SseGen.{Version}.snupkg");

    /// <summary>The commit that was packed.</summary>
    public string Commit { get; private set; } = string.Empty;

    internal List<CommandResult> Commands { get; } = [];

    public async Task InitializeAsync()
    {
        var clone = temp.Combine("clone");
        if (!await RunAsync("git", Repo.Root, "clone", "--quiet", "--no-hardlinks", Repo.Root, clone)
            || !await RunAsync("git", clone, "remote", "set-url", "origin", PublicRepository + ".git"))
        {
            return;
        }

        var head = await ChildProcesses.RunAsync("git", clone, CommandTimeout, "rev-parse", "HEAD");
        Commit = head.Output.Trim();
        await RunAsync(ChildProcesses.DotNetHost, clone,
            "pack", Path.Combine("src", "SseGen.Runtime"),
            "-c", "Release",
            "-o", temp.Combine("feed"),
            $"-p:Version={Version}",
            "-p:ContinuousIntegrationBuild=true",
            "--artifacts-path", temp.Combine("pack-artifacts"),
            "-nodeReuse:false");
    }

    public Task DisposeAsync()
    {
        temp.Dispose();
        return Task.CompletedTask;
    }

    public void AssertPacked() =>
        Assert.True(File.Exists(PackagePath) && File.Exists(SymbolPackagePath), "Packing failed:\n" + string.Join("\n\n", Commands.Select(c => $"{c.Command} → {c.ExitCode}\n{c.Output}")));

    private async Task<bool> RunAsync(string fileName, string directory, params string[] arguments)
    {
        var result = await ChildProcesses.RunAsync(fileName, directory, CommandTimeout, arguments);
        Commands.Add(result);
        return result.ExitCode == 0;
    }
}
