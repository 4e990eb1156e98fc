using System.IO.Compression;

namespace SseGen.Client.Tests;

/// <summary>
/// Packs SseGen.Client with a version no cache has seen and has a fresh console project, which knows only a local
/// folder feed and its own packages folder, read a stream from a real Kestrel with it.
/// </summary>
public sealed class PackageTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_fresh_console_project_reads_a_stream_with_the_packed_package()
    {
        using var temp = new TempDirectory("ssegen-client-package");
        var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..8]}";
        var feed = temp.Combine("feed");
        var pack = await ChildProcesses.RunDotNetAsync(RepoRoot(), CommandTimeout,
            "pack", Path.Combine("src", "SseGen.Client"),
            "-c", "Release",
            "-o", feed,
            $"-p:Version={version}",
            "--artifacts-path", temp.Combine("pack-artifacts"),
            "-nodeReuse:false");
        var package = Path.Combine(feed, $"SseGen.Client.{version}.nupkg");
        Assert.True(pack.ExitCode == 0 && File.Exists(package), pack.ToString());

        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("lib/net8.0/SseGen.Client.dll", entries);
            Assert.Contains("lib/net10.0/SseGen.Client.dll", entries);
            Assert.Contains("lib/net10.0/SseGen.Client.xml", entries);
            Assert.Contains("README.md", entries);
            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName == "SseGen.Client.nuspec").Open());
            var text = await nuspec.ReadToEndAsync();
            Assert.DoesNotContain("AspNetCore", text, StringComparison.Ordinal);
        }

        var consumer = temp.Combine("consumer");
        WriteConsumer(consumer, feed, temp.Combine("packages"), version);
        var build = await ChildProcesses.RunDotNetAsync(consumer, CommandTimeout, "build", "-c", "Debug", "-nodeReuse:false");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(build.WarningLines);

        var probe = new ClientProbe();
        await using var server = await KestrelServer.StartAsync(probe);
        var run = await ChildProcesses.RunDotNetAsync(consumer, TimeSpan.FromMinutes(1),
            Path.Combine(consumer, "bin", "Debug", "net10.0", "Consumer.dll"), new Uri(server.BaseAddress, "three").ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["event 1: 1", "event 2: 2", "event 3: 3", "ended after 3"], run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(["", "3"], probe.LastEventIds);
    }

    private static void WriteConsumer(string directory, string feed, string packages, string version)
    {
        IsolatedConsumer.Prepare(directory, feed, packages);

        // Reflection-based JSON is off, as in a trimmed or Native AOT app: the client must read with the type info alone.
        // (The trim analyzers would need Microsoft.NET.ILLink.Tasks, which the local feed does not carry.)
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <JsonSerializerIsReflectionEnabledByDefault>false</JsonSerializerIsReflectionEnabledByDefault>
                <RestorePackagesPath>{packages}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SseGen.Client" Version="{version}" />
              </ItemGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using SseGen.Client;

            using var http = new HttpClient();
            var count = 0;
            await foreach (var item in http.ReadSseAsync(args[0], ConsumerJson.Default.Tick))
            {
                Console.WriteLine($"event {item.EventId}: {item.Data.N}");
                count++;
            }

            Console.WriteLine($"ended after {count}");

            public sealed record Tick(long N);

            [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
            [JsonSerializable(typeof(Tick))]
            internal sealed partial class ConsumerJson : JsonSerializerContext;
            """);
    }

    private static string RepoRoot()
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
