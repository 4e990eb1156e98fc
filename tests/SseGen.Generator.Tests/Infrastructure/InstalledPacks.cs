using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Tests.Infrastructure;

/// <summary>
/// The reference assemblies and the System.Text.Json source generator of the .NET installation
/// running the tests, read from disk: no package is downloaded at test time.
/// </summary>
internal static class InstalledPacks
{
    private static readonly Lazy<string> NetCoreRefPack = new(() => FindPack("Microsoft.NETCore.App.Ref"));
    private static readonly Lazy<string> AspNetCoreRefPack = new(() => FindPack("Microsoft.AspNetCore.App.Ref"));

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
    [
        .. ReferencesIn(NetCoreRefPack.Value),
        .. ReferencesIn(AspNetCoreRefPack.Value),
    ]);

    private static readonly Lazy<ImmutableArray<IIncrementalGenerator>> LazyJsonGenerators = new(LoadJsonGenerators);

    /// <summary>Every reference assembly of Microsoft.NETCore.App and Microsoft.AspNetCore.App for the running TFM.</summary>
    public static ImmutableArray<MetadataReference> FrameworkReferences => LazyReferences.Value;

    /// <summary>The real System.Text.Json source generator, as the SDK would load it.</summary>
    public static ImmutableArray<IIncrementalGenerator> JsonSourceGenerators => LazyJsonGenerators.Value;

    /// <summary><c>net10.0</c> when running on .NET 10: the <c>ref/</c> folder to read.</summary>
    private static string TargetFramework => $"net{Environment.Version.Major}.{Environment.Version.Minor}";

    private static IEnumerable<MetadataReference> ReferencesIn(string packDirectory) =>
        Directory.EnumerateFiles(Path.Combine(packDirectory, "ref", TargetFramework), "*.dll")
            .Order(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path));

    private static ImmutableArray<IIncrementalGenerator> LoadJsonGenerators()
    {
        var path = Path.Combine(NetCoreRefPack.Value, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The System.Text.Json source generator is not in the installed ref pack.", path);
        }

        var assembly = Assembly.LoadFrom(path);
        var generators = assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsClass: true } && typeof(IIncrementalGenerator).IsAssignableFrom(type))
            .Select(type => (IIncrementalGenerator)Activator.CreateInstance(type)!)
            .ToImmutableArray();
        if (generators.IsEmpty)
        {
            throw new InvalidOperationException($"{path} holds no IIncrementalGenerator.");
        }

        return generators;
    }

    /// <summary>
    /// <c>{dotnet root}/packs/{name}/{highest version}</c> that has a <c>ref/{tfm}</c> folder. The
    /// dotnet root is found from the running runtime (<c>shared/Microsoft.NETCore.App/{version}/</c>).
    /// </summary>
    private static string FindPack(string name)
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var roots = new[]
        {
            Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..")),
            Environment.GetEnvironmentVariable("DOTNET_ROOT"),
        };

        foreach (var root in roots)
        {
            var packRoot = root is null ? null : Path.Combine(root, "packs", name);
            if (packRoot is null || !Directory.Exists(packRoot))
            {
                continue;
            }

            var best = Directory.EnumerateDirectories(packRoot)
                .Where(dir => Directory.Exists(Path.Combine(dir, "ref", TargetFramework)))
                .OrderByDescending(dir => PackVersion.Parse(Path.GetFileName(dir)))
                .FirstOrDefault();
            if (best is not null)
            {
                return best;
            }
        }

        throw new DirectoryNotFoundException(
            $"No {name} pack with ref/{TargetFramework} under {string.Join(" or ", roots.Where(r => r is not null).Select(r => Path.Combine(r!, "packs")))}.");
    }

    /// <summary>A pack folder name such as <c>10.0.12</c> or <c>10.0.0-rc.2.25502.107</c>, ordered as NuGet orders them.</summary>
    private sealed record PackVersion(Version Release, string? Prerelease) : IComparable<PackVersion>
    {
        public static PackVersion Parse(string text)
        {
            var dash = text.IndexOf('-');
            var release = dash < 0 ? text : text[..dash];
            return new PackVersion(Version.TryParse(release, out var version) ? version : new Version(0, 0), dash < 0 ? null : text[(dash + 1)..]);
        }

        public int CompareTo(PackVersion? other)
        {
            if (other is null)
            {
                return 1;
            }

            var byRelease = Release.CompareTo(other.Release);
            if (byRelease != 0)
            {
                return byRelease;
            }

            // A release sorts after its prereleases.
            return (Prerelease, other.Prerelease) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                _ => string.CompareOrdinal(Prerelease, other.Prerelease),
            };
        }
    }
}
