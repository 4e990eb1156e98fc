using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace SseGen.Analyzers.Tests.Infrastructure;

/// <summary>
/// The second project of a Fix All test ("Other"): it must compile like the first, with the same
/// local references and no documentation comments asked for, before and after the fix.
/// </summary>
internal static class OtherProject
{
    public const string Name = "Other";

    public static void Configure(SolutionState before, SolutionState after)
    {
        foreach (var state in new[] { before, after })
        {
            var project = state.AdditionalProjects[Name];
            project.AdditionalReferences.AddRange(LocalReferences.All);
            project.DocumentationMode = DocumentationMode.None;
        }
    }
}
