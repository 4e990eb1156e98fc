using Microsoft.CodeAnalysis;
using SseGen.Generator.Model;

namespace SseGen.Generator.Parsing;

/// <summary>What a parameter's binding attributes (<c>[FromRoute]</c>, <c>[FromQuery]</c>, <c>[FromHeader]</c>, <c>[FromServices]</c>, <c>[FromKeyedServices]</c>) ask for.</summary>
internal readonly struct BindingAttributes
{
    private BindingAttributes(string? routeName, string? queryName, string? headerName, bool fromServices, ConstantInfo? serviceKey, string? problem)
    {
        RouteName = routeName;
        QueryName = queryName;
        HeaderName = headerName;
        FromServices = fromServices;
        ServiceKey = serviceKey;
        Problem = problem;
    }

    public string? RouteName { get; }

    public string? QueryName { get; }

    public string? HeaderName { get; }

    public bool FromServices { get; }

    public ConstantInfo? ServiceKey { get; }

    /// <summary>Why the attributes cannot be honoured (a body on a GET, a key that is not a constant), or null.</summary>
    public string? Problem { get; }

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

            if (KnownTypes.Implements(type, known.FromBody) || KnownTypes.Implements(type, known.FromForm) || KnownTypes.Is(type, known.AsParameters))
            {
                return Failed("an SSE endpoint is a GET: [FromBody], [FromForm] and [AsParameters] are not supported");
            }

            if (KnownTypes.Is(type, known.FromKeyedServices))
            {
                serviceKey = attribute.ConstructorArguments.Length == 1 ? ConstantParser.Parse(attribute.ConstructorArguments[0]) : null;
                if (serviceKey is null)
                {
                    return Failed("the service key of [FromKeyedServices] must be a constant");
                }
            }
            else if (KnownTypes.Implements(type, known.FromRoute))
            {
                routeName = NamedString(attribute, "Name") ?? parameter.Name;
            }
            else if (KnownTypes.Implements(type, known.FromQuery))
            {
                queryName = NamedString(attribute, "Name") ?? parameter.Name;
            }
            else if (KnownTypes.Implements(type, known.FromHeader))
            {
                headerName = NamedString(attribute, "Name") ?? parameter.Name;
            }
            else if (KnownTypes.Implements(type, known.FromServices))
            {
                fromServices = true;
            }
        }

        return new BindingAttributes(routeName, queryName, headerName, fromServices, serviceKey, problem: null);
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
