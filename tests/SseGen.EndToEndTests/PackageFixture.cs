using System.IO.Compression;
using System.Xml.Linq;
using SseGen.EndToEndTests.Infrastructure;

namespace SseGen.EndToEndTests;

/// <summary>
/// Packs SseGen with a version no cache has seen, then builds and starts a fresh web project that
/// knows only that package: its own nuget.config (a cleared source list plus the temp feed) and its
/// own packages folder, so nothing stale from ~/.nuget/packages can stand in for it.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    private readonly TempDirectory temp = new("ssegen-e2e-package");

    public string Version { get; } = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..8]}";

    public string PackagePath => temp.Combine("feed", $"SseGen.{Version}.nupkg");

    internal CommandResult? Pack { get; private set; }

    internal CommandResult? Build { get; private set; }

    internal ServerProcess? App { get; private set; }

    /// <summary>Why the app is not running, when it is not.</summary>
    public string? AppFailure { get; private set; }

    public string ConsumerDirectory => temp.Combine("consumer");

    public async Task InitializeAsync()
    {
        Pack = await ChildProcesses.RunDotNetAsync(Repo.Root, CommandTimeout,
            "pack", Path.Combine("src", "SseGen.Runtime"),
            "-c", "Release",
            "-o", temp.Combine("feed"),
            $"-p:Version={Version}",
            // Own bin/obj: never touches the repo's build output (others may be building it).
            "--artifacts-path", temp.Combine("pack-artifacts"),
            "-nodeReuse:false");
        if (Pack.ExitCode != 0 || !File.Exists(PackagePath))
        {
            return;
        }

        WriteConsumerProject();
        Build = await ChildProcesses.RunDotNetAsync(ConsumerDirectory, CommandTimeout, "build", "-c", "Debug", "-nodeReuse:false");
        if (Build.ExitCode != 0)
        {
            return;
        }

        try
        {
            App = await ServerProcess.StartDotNetAsync(Path.Combine(ConsumerDirectory, "bin", "Debug", "net10.0", "Consumer.dll"), ConsumerDirectory, FreePort.Next());
        }
        catch (Exception e)
        {
            AppFailure = e.ToString();
        }
    }

    public Task DisposeAsync()
    {
        App?.Dispose();
        temp.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The package's entries, with forward slashes.</summary>
    public IReadOnlyList<string> PackageEntries()
    {
        AssertPacked();
        using var zip = ZipFile.OpenRead(PackagePath);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    public XElement Nuspec()
    {
        AssertPacked();
        using var zip = ZipFile.OpenRead(PackagePath);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!;
    }

    public void AssertPacked()
    {
        Assert.NotNull(Pack);
        Assert.True(Pack.ExitCode == 0, Pack.ToString());
        Assert.True(File.Exists(PackagePath), $"{PackagePath} was not produced.\n{Pack}");
    }

    public void AssertBuilt()
    {
        AssertPacked();
        Assert.NotNull(Build);
        Assert.True(Build.ExitCode == 0, Build.ToString());
    }

    private void WriteConsumerProject()
    {
        IsolatedConsumer.Prepare(ConsumerDirectory, temp.Combine("feed"), temp.Combine("packages"));

        File.WriteAllText(Path.Combine(ConsumerDirectory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RestorePackagesPath>{temp.Combine("packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SseGen" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(ConsumerDirectory, "Program.cs"), """
            using SseGen.Consumer;

            var builder = WebApplication.CreateSlimBuilder(args);
            var app = builder.Build();
            app.MapSseEndpoints();
            app.Run();
            """);

        File.WriteAllText(Path.Combine(ConsumerDirectory, "Greetings.cs"), """
            using System.Runtime.CompilerServices;
            using System.Text.Json.Serialization;
            using SseGen;

            namespace SseGen.Consumer;

            public sealed record Greeting(string Message, int Count);

            [JsonSerializable(typeof(Greeting))]
            internal sealed partial class ConsumerJson : JsonSerializerContext;

            public static class Greetings
            {
                [SseEndpoint("/greetings/{name}")]
                public static async IAsyncEnumerable<Greeting> Greet(string name, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    for (var count = 1; count <= 1000; count++)
                    {
                        yield return new Greeting($"Hello, {name}", count);
                        await Task.Delay(50, cancellationToken);
                    }
                }
            }
            """);

        // The classic leak: nothing can tell this stream that its client has gone.
        File.WriteAllText(Path.Combine(ConsumerDirectory, "Leaky.cs"), """
            using SseGen;

            namespace SseGen.Consumer;

            public static class Leaky
            {
                [SseEndpoint("/leaky")]
                public static async IAsyncEnumerable<string> LeakyTicks()
                {
                    for (var i = 0; i < 3; i++)
                    {
                        await Task.Yield();
                        yield return "tick";
                    }
                }
            }
            """);
    }
}
