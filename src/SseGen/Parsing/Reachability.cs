using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Parsing;

/// <summary>Whether code generated into the same assembly, in another class, can name a type.</summary>
internal static class Reachability
{
    /// <summary>True when the type and every type containing it are public or internal, and none is file-local.</summary>
    public static bool IsReachable(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal || !IsVisibleInAssembly(current.DeclaredAccessibility))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsVisibleInAssembly(Accessibility accessibility) =>
        accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;
}
