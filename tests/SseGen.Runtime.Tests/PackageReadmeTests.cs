using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SseGen.Runtime.Tests;

/// <summary>
/// The README inside the package is read on nuget.org and in the IDE's package manager, far from
/// the repository: it must have no repository-relative links and no steps that only work in a clone.
/// </summary>
public sealed partial class PackageReadmeTests
{
    private static readonly string RuntimeProject = Path.Combine(RepoRoot(), "src", "SseGen.Runtime");

    private static string Readme => File.ReadAllText(Path.Combine(RuntimeProject, "PackageReadme.md"));

    [Fact]
    public void The_package_packs_its_own_readme_not_the_repositorys()
    {
        var project = XDocument.Load(Path.Combine(RuntimeProject, "SseGen.Runtime.csproj"));
        var readmeFile = project.Descendants("PackageReadmeFile").Single().Value;
        var packed = project.Descendants("None").Where(e => e.Attribute("Pack")?.Value == "true").ToList();

        Assert.Equal("README.md", readmeFile);
        var item = Assert.Single(packed, e => e.Attribute("PackagePath")?.Value == readmeFile);
        Assert.Equal("PackageReadme.md", item.Attribute("Include")?.Value);
    }

    [Fact]
    public void Every_link_is_absolute()
    {
        var relative = MarkdownLink().Matches(Readme)
            .Select(m => m.Groups["target"].Value)
            .Where(target => !target.StartsWith("https://", StringComparison.Ordinal))
            .ToList();

        Assert.True(relative.Count == 0, "Links that only resolve inside the repository: " + string.Join(", ", relative));
        Assert.DoesNotContain("](docs/", Readme, StringComparison.Ordinal);
        Assert.DoesNotContain("](samples/", Readme, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dotnet run --project")]
    [InlineData("dotnet test")]
    [InlineData("samples/")]
    [InlineData("tests/")]
    [InlineData(".ci/")]
    [InlineData("src/")]
    public void No_step_only_makes_sense_in_the_repository(string repositoryOnly) =>
        Assert.DoesNotContain(repositoryOnly, Readme, StringComparison.Ordinal);

    [Fact]
    public void It_says_how_to_install_and_map()
    {
        Assert.Contains("dotnet add package SseGen", Readme, StringComparison.Ordinal);
        Assert.Contains("app.MapSseEndpoints();", Readme, StringComparison.Ordinal);
        Assert.Contains("[SseEndpoint(", Readme, StringComparison.Ordinal);
    }

    private static string RepoRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
