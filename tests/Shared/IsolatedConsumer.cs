namespace SseGen.Tests.Shared;

/// <summary>
/// The folder of a fresh consumer project, cut off from everything around it, so it restores the
/// package under test from one local folder only, as a user's project would from a feed: MSBuild's
/// upward search stops here, and NuGet sees no other source, fallback folder or global cache.
/// </summary>
internal static class IsolatedConsumer
{
    public static void Prepare(string directory, string feed, string packages)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="ssegen-local-feed" value="{feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <clear />
              </fallbackPackageFolders>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
            </configuration>
            """);
    }
}
