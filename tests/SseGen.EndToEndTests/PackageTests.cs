using System.Text.Json;
using System.Xml.Linq;
using SseGen.EndToEndTests.Infrastructure;

namespace SseGen.EndToEndTests;

/// <summary>The packed SseGen package, consumed from a local folder by a fresh web project.</summary>
public sealed class PackageTests(PackageFixture fixture) : IClassFixture<PackageFixture>
{
    [Fact]
    public void Package_carries_runtime_in_lib_and_generator_in_analyzers()
    {
        var entries = fixture.PackageEntries();

        Assert.Contains("lib/net10.0/SseGen.Runtime.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/SseGen.Generator.dll", entries);

        // The generator and analyzers load into the compiler, never into the app.
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal) && e != "lib/net10.0/SseGen.Runtime.dll");
        // Roslyn is the compiler's own: shipping a copy would clash with it.
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal) && Path.GetFileName(e).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));

        if (File.Exists(Path.Combine(Repo.Root, "src", "SseGen.CodeFixes", "SseGen.CodeFixes.csproj")))
        {
            Assert.Contains("analyzers/dotnet/cs/SseGen.CodeFixes.dll", entries);
        }
    }

    [Fact]
    public void Package_metadata_is_complete()
    {
        var metadata = fixture.Nuspec().Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        XElement Element(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)
            ?? throw new Xunit.Sdk.XunitException($"The nuspec has no <{name}>:\n{metadata}");

        Assert.Equal("SseGen", Value("id"));
        Assert.Equal(fixture.Version, Value("version"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")), "description is empty");
        Assert.Contains("Server-Sent Events", Value("description"));

        var license = Element("license");
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);

        var readme = Value("readme");
        Assert.False(string.IsNullOrEmpty(readme), "no readme");
        Assert.Contains(readme, fixture.PackageEntries());
        // The package's own README (checked for repository-only links and steps by PackageReadmeTests), not the repository's.
        using (var zip = System.IO.Compression.ZipFile.OpenRead(fixture.PackagePath))
        using (var reader = new StreamReader(zip.GetEntry(readme!)!.Open()))
        {
            Assert.Equal(File.ReadAllText(Path.Combine(Infrastructure.Repo.Root, "src", "SseGen.Runtime", "PackageReadme.md")), reader.ReadToEnd());
        }

        var tags = (Value("tags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("sse", tags);
        Assert.Contains("server-sent-events", tags);

        var repository = Element("repository");
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.StartsWith("https://", repository.Attribute("url")?.Value);
    }

    [Fact]
    public async Task Fresh_project_endpoint_streams_json_events()
    {
        fixture.AssertBuilt();
        Assert.True(fixture.App is not null, fixture.AppFailure);

        var response = await SseHttp.ReadEventsAsync(fixture.App.BaseAddress, "/greetings/Ada", count: 2);

        Assert.Equal("text/event-stream", response.ContentType);
        for (var i = 0; i < 2; i++)
        {
            using var json = JsonDocument.Parse(response.Events[i].Data);
            Assert.Equal("Hello, Ada", json.RootElement.GetProperty("message").GetString());
            Assert.Equal(i + 1, json.RootElement.GetProperty("count").GetInt32());
        }
    }

    [Fact]
    public void Fresh_project_builds_with_no_warning_but_the_leak_rules()
    {
        fixture.AssertBuilt();

        var others = fixture.Build!.WarningLines.Where(line => !System.Text.RegularExpressions.Regex.IsMatch(line, @"warning SSE0\d\d:")).ToList();
        Assert.True(others.Count == 0, "Unexpected warnings in a fresh project:\n" + string.Join('\n', others));
    }

    /// <summary>
    /// SSE001 (no [EnumeratorCancellation] token) must reach a user through the package alone.
    /// </summary>
    [Fact]
    public void Fresh_project_build_reports_SSE001_for_a_stream_without_cancellation()
    {
        fixture.AssertBuilt();

        var sse001 = fixture.Build!.WarningLines.Where(line => line.Contains("warning SSE001:", StringComparison.Ordinal)).ToList();
        Assert.True(sse001.Count > 0, "No SSE001 warning in the build output (are the leak analyzers in the package?):\n" + fixture.Build.Output);
        Assert.All(sse001, line => Assert.Contains("Leaky.cs", line));
        Assert.Contains(sse001, line => line.Contains("LeakyTicks", StringComparison.Ordinal));
    }
}
