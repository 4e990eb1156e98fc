using Microsoft.CodeAnalysis;
using SseGen.Generator.Model;

namespace SseGen.Generator.Parsing;

/// <summary>What a parameter's binding attributes (<c>[FromRoute]</c>, <c>[FromQuery]</c>, <c>[FromHeader]</c>, <c>[FromServices]</c>, <c>[FromKeyedServices]</c>) ask for.</summary>
/// <param name="RouteName">The route value <c>[FromRoute]</c> names.</param>
/// <param name="QueryName">The query value <c>[FromQuery]</c> names.</param>
/// <param name="HeaderName">The header <c>[FromHeader]</c> names.</param>
/// <param name="FromServices">Whether <c>[FromServices]</c> is present.</param>
/// <param name="ServiceKey">The key of <c>[FromKeyedServices]</c>.</param>
/// <param name="Problem">Why the attributes cannot be honoured (a body on a GET, a key that is not a constant), or null.</param>
internal readonly record struct BindingAttributes(string? RouteName, string? QueryName, string? HeaderName, bool FromServices, ConstantInfo? ServiceKey, string? Problem)
{
    public static BindingAttributes Read(IParameterSymbol parameter, KnownTypes known)
    {
        string? routeName = null, queryName = null, headerName = null;
        var fromServices = false;
        ConstantInfo? serviceKey = null;
        foreach (var attribute in parameter.GetAttributes())
        {
            var type = attribute.AttributeClass;
            if (type is null)
            {
                continue;
            }

            if (SymbolFacts.Implements(type, known.FromBody) || SymbolFacts.Implements(type, known.FromForm) || SymbolFacts.Is(type, known.AsParameters))
            {
                return Failed("an SSE endpoint is a GET: [FromBody], [FromForm] and [AsParameters] are not supported");
            }

            if (SymbolFacts.Is(type, known.FromKeyedServices))
            {
                serviceKey = attribute.ConstructorArguments.Length == 1 ? ConstantParser.Parse(attribute.ConstructorArguments[0]) : null;
                if (serviceKey is null)
                {
                    return Failed("the service key of [FromKeyedServices] must be a constant");
                }
            }
            else if (SymbolFacts.Implements(type, known.FromRoute))
            {
                routeName = NamedString(attribute, "Name") ?? parameter.Name;
            }
            else if (SymbolFacts.Implements(type, known.FromQuery))
            {
                queryName = NamedString(attribute, "Name") ?? parameter.Name;
            }
            else if (SymbolFacts.Implements(type, known.FromHeader))
            {
                headerName = NamedString(attribute, "Name") ?? parameter.Name;
            }
            else if (SymbolFacts.Implements(type, known.FromServices))
            {
                fromServices = true;
            }
        }

        return new BindingAttributes(routeName, queryName, headerName, fromServices, serviceKey, Problem: null);
    }

    private static BindingAttributes Failed(string problem) => new(null, null, null, false, null, problem);

    private static string? NamedString(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name && pair.Value.Value is string value && value.Length > 0)
            {
                return value;
            }
        }

        return null;
    }
}
