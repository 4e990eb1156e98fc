using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Parsing;

/// <summary>The arguments of one <c>[SseEndpoint(pattern, EventName = …, JsonContext = typeof(…))]</c>.</summary>
internal readonly record struct SseEndpointArguments(string? Pattern, string? EventName, ITypeSymbol? JsonContext)
{
    public static SseEndpointArguments Read(AttributeData attribute)
    {
        var pattern = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
        string? eventName = null;
        ITypeSymbol? jsonContext = null;
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "EventName")
            {
                eventName = named.Value.Value as string;
            }
            else if (named.Key == "JsonContext" && named.Value.Value is ITypeSymbol contextType)
            {
                jsonContext = contextType;
            }
        }

        return new SseEndpointArguments(pattern, eventName, jsonContext);
    }
}
