using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SseGen.Analyzers.Tests.Infrastructure;

/// <summary>
/// Metadata references for test compilations, read from the reference packs installed with the
/// SDK (Microsoft.NETCore.App.Ref and Microsoft.AspNetCore.App.Ref) plus SseGen.Runtime. Nothing
/// is downloaded: the Roslyn test harness's NuGet-based <c>ReferenceAssemblies</c> is not used.
/// </summary>
internal static class LocalReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_all = new(Load);

    /// <summary>The .NET and ASP.NET Core reference assemblies and SseGen.Runtime.</summary>
    public static ImmutableArray<MetadataReference> All => s_all.Value;

    private static ImmutableArray<MetadataReference> Load()
    {
        var dotnetRoot = FindDotnetRoot();
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var pack in new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" })
        {
            var folder = FindReferenceFolder(dotnetRoot, pack);
            foreach (var dll in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
            {
                builder.Add(MetadataReference.CreateFromFile(dll));
            }
        }

        builder.Add(MetadataReference.CreateFromFile(typeof(SseGen.SseEndpointAttribute).Assembly.Location));
        return builder.ToImmutable();
    }

    /// <summary>The SDK's root: DOTNET_ROOT, else three levels above the running System.Private.CoreLib.</summary>
    private static string FindDotnetRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(Path.Combine(fromEnvironment, "packs")))
        {
            return fromEnvironment;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
        var runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Path.GetFullPath(Path.Combine(runtimeFolder, "..", "..", ".."));
    }

    /// <summary>The newest installed version of a reference pack that has a net10.0 folder.</summary>
    private static string FindReferenceFolder(string dotnetRoot, string pack)
    {
        var packFolder = Path.Combine(dotnetRoot, "packs", pack);
        var candidates = Directory.Exists(packFolder)
            ? Directory.GetDirectories(packFolder)
                .Select(dir => (Dir: dir, Version: Version.TryParse(Path.GetFileName(dir).Split('-')[0], out var v) ? v : null))
                .Where(c => c.Version is { Major: 10 } && Directory.Exists(Path.Combine(c.Dir, "ref", "net10.0")))
                .OrderByDescending(c => c.Version)
                .ToList()
            : [];
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException($"No installed {pack} with ref/net10.0 under {packFolder}; install the .NET 10 SDK.");
        }

        return Path.Combine(candidates[0].Dir, "ref", "net10.0");
    }
}
