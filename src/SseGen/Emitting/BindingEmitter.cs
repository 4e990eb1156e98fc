using SseGen.Generator.Model;

namespace SseGen.Generator.Emitting;

/// <summary>Writes the code that binds one parameter, or the expression that supplies it.</summary>
internal static class BindingEmitter
{
    private const string Binding = "global::SseGen.Infrastructure.SseBinding";
    private const string Errors = "global::SseGen.Infrastructure.SseBindingErrors";
    private const string ServiceExtensions = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions";
    private const string KeyedServiceExtensions = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions";

    public static bool ReadsRequest(ParameterModel p) => p.Source is BindingSource.Route or BindingSource.Query or BindingSource.Header;

    public static string Local(ParameterModel p) => p.Name + "_arg";

    /// <summary>
    /// Parses a route, query or header value; failures go to <c>errors</c>, a
    /// <c>SseBindingErrors</c> that stays null (no allocation) while every value binds.
    /// </summary>
    public static void WriteRequestBinding(SourceWriter writer, ParameterModel p)
    {
        var raw = p.Name + "_raw";
        var (reader, source) = p.Source switch
        {
            BindingSource.Route => ("Route", "route"),
            BindingSource.Query => ("Query", "query string"),
            _ => ("Header", "header"),
        };

        var initial = p.DefaultValue is { } value ? ConstantFormatter.DefaultValue(value) : p.IsOptional ? "default" : "default!";
        writer.WriteLine($"{p.Type.AsWritten} {Local(p)} = {initial};");
        writer.WriteLine($"var {raw} = {Binding}.{reader}(context, {Literals.String(p.RequestName)});");
        var parse = p.Parse switch
        {
            ParseKind.None => null,
            ParseKind.Parsable => $"{Binding}.TryParse<{p.ParsedType.FullyQualifiedName}>({raw}, out var {p.Name}_value)",
            ParseKind.StaticTryParse => $"{p.ParsedType.FullyQualifiedName}.TryParse({raw}, out var {p.Name}_value)",
            _ => $"global::System.Enum.TryParse<{p.ParsedType.FullyQualifiedName}>({raw}, true, out var {p.Name}_value)",
        };

        if (p.IsOptional)
        {
            // An absent optional value keeps its default; an empty one too, for nullable value types.
            writer.OpenBlock(p.IsNullableValueType ? $"if (!string.IsNullOrEmpty({raw}))" : $"if ({raw} is not null)");
            WriteParse(writer, p, source, raw, parse, elseIf: false);
            writer.CloseBlock();
        }
        else
        {
            writer.OpenBlock($"if ({raw} is null)");
            writer.WriteLine($"{Errors}.Missing(ref errors, {Literals.String(p.Display)}, {Literals.String(source)});");
            writer.CloseBlock();
            WriteParse(writer, p, source, raw, parse, elseIf: true);
        }

        writer.WriteLine();
    }

    private static void WriteParse(SourceWriter writer, ParameterModel p, string source, string raw, string? parse, bool elseIf)
    {
        var prefix = elseIf ? "else " : string.Empty;
        if (parse is null)
        {
            if (elseIf)
            {
                writer.OpenBlock("else");
                writer.WriteLine($"{Local(p)} = {raw};");
                writer.CloseBlock();
            }
            else
            {
                writer.WriteLine($"{Local(p)} = {raw};");
            }

            return;
        }

        writer.OpenBlock($"{prefix}if ({parse})");
        writer.WriteLine($"{Local(p)} = {p.Name}_value;");
        writer.CloseBlock();
        writer.OpenBlock("else");
        writer.WriteLine($"{Errors}.Invalid(ref errors, {Literals.String(p.Display)}, {Literals.String(source)}, {raw});");
        writer.CloseBlock();
    }

    /// <summary>The expression for a parameter that does not come from the request's strings.</summary>
    public static string Expression(ParameterModel p) => p.Source switch
    {
        BindingSource.HttpContext => "context",
        BindingSource.HttpRequest => "context.Request",
        BindingSource.HttpResponse => "context.Response",
        BindingSource.User => "context.User",
        BindingSource.CancellationToken => "cancellation.Token",
        BindingSource.KeyedServices => p.IsOptional
            ? $"{KeyedServiceExtensions}.GetKeyedService<{p.ParsedType.FullyQualifiedName}>(context.RequestServices, {ConstantFormatter.Format(p.ServiceKey!)})"
            : $"{KeyedServiceExtensions}.GetRequiredKeyedService<{p.ParsedType.FullyQualifiedName}>(context.RequestServices, {ConstantFormatter.Format(p.ServiceKey!)})",
        BindingSource.Services or BindingSource.InferredService => p.IsOptional
            ? $"{ServiceExtensions}.GetService<{p.ParsedType.FullyQualifiedName}>(context.RequestServices)"
            : $"{ServiceExtensions}.GetRequiredService<{p.ParsedType.FullyQualifiedName}>(context.RequestServices)",
        _ => Local(p),
    };
}
