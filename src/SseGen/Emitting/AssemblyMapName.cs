using System.Text;

namespace SseGen.Generator.Emitting;

/// <summary>
/// The names of an assembly's public mapping extension: <c>Contoso.Chat</c> →
/// <c>MapContosoChatSseEndpoints()</c> in <c>ContosoChatSseEndpointRouteBuilderExtensions</c>. Each
/// assembly gets its own names, so a host referencing several libraries sees no ambiguity.
/// </summary>
internal static class AssemblyMapName
{
    /// <summary>The assembly name with every character that cannot be in an identifier (dots, dashes, …) removed.</summary>
    public static string Identifier(string assemblyName)
    {
        var builder = new StringBuilder(assemblyName.Length);
        foreach (var c in assemblyName)
        {
            if (c == '_' || char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string Method(string assemblyName) => "Map" + Identifier(assemblyName) + "SseEndpoints";

    public static string Class(string assemblyName) => (Identifier(assemblyName) is { Length: > 0 } name ? name : "Assembly") + "SseEndpointRouteBuilderExtensions";
}
