namespace SseGen.Benchmarks;

/// <summary>
/// Writes the generator benchmark's endpoints (<see cref="GeneratorBench.Sources"/>) as a real
/// project on disk that consumes SseGen the way an app does: the runtime as a reference, the
/// generator and analyzers as an analyzer. <c>benchmarks/analyzer-cost.sh</c> builds it with
/// <c>-p:ReportAnalyzer=true</c> to measure what each analyzer costs a build.
/// </summary>
internal static class AnalyzerCostProject
{
    public static void Write(string directory, int endpoints, string repoRoot)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.EnumerateFiles(directory, "*.cs"))
        {
            File.Delete(file);
        }

        foreach (var (path, text) in GeneratorBench.Sources(endpoints))
        {
            File.WriteAllText(Path.Combine(directory, path), text);
        }

        var src = Path.Combine(repoRoot, "src");
        File.WriteAllText(Path.Combine(directory, "BenchApp.csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <!-- Written by the benchmark driver (option write-analyzer-project): {{endpoints}} endpoints. -->
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Library</OutputType>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <LangVersion>latest</LangVersion>
                <!-- csc in-process: no compiler server is left running, and its time is the build's. -->
                <UseSharedCompilation>false</UseSharedCompilation>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{{Path.Combine(src, "SseGen.Runtime", "SseGen.Runtime.csproj")}}" />
                <ProjectReference Include="{{Path.Combine(src, "SseGen", "SseGen.csproj")}}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """);
    }
}
