using System.Collections.Generic;
using SseGen.Generator.Model;

namespace SseGen.Generator.Emitting;

/// <summary>
/// Writes what an OpenAPI document needs to know of an endpoint: its request values as a method
/// signature ApiExplorer can read (never called), the call that hands it over with the item type,
/// and, when the app references Microsoft.AspNetCore.OpenApi, the operation transformer that
/// describes the stream (README, "OpenAPI").
/// </summary>
internal static class ApiDescriptionEmitter
{
    private const string FromRoute = "global::Microsoft.AspNetCore.Mvc.FromRouteAttribute";
    private const string FromQuery = "global::Microsoft.AspNetCore.Mvc.FromQueryAttribute";
    private const string FromHeader = "global::Microsoft.AspNetCore.Mvc.FromHeaderAttribute";

    /// <summary>The file-scoped helper the per-endpoint transformers call; one per assembly.</summary>
    public const string StreamDescriptionClass = "SseGenOpenApi";

    /// <summary><c>RequestValues</c> (the delegate type) and <c>DescribeRequest</c> (the signature ApiExplorer reads).</summary>
    public static void WriteRequestValues(SourceWriter writer, EndpointModel e)
    {
        var declared = new List<string>();
        var attributed = new List<string>();
        foreach (var p in RequestValues(e))
        {
            var attribute = p.Source switch
            {
                BindingSource.Route => FromRoute,
                BindingSource.Query => FromQuery,
                _ => FromHeader,
            };
            // The parsed type (T of a Nullable<T>): optionality travels separately, and a document
            // built without reflection then needs JSON metadata for T only, which a context has
            // whenever one of its types has a T property.
            var declaration = $"{p.ParsedType.AsWritten} {Literals.Identifier(p.Name)}";
            declared.Add(declaration);
            attributed.Add($"[{attribute}(Name = {Literals.String(p.RequestName)})] {declaration}");
        }

        writer.WriteLine("/// <summary>The request values of the endpoint, as ApiExplorer (and so an OpenAPI document) reads them; never called.</summary>");
        writer.WriteLine($"private delegate void RequestValues({string.Join(", ", declared)});");
        writer.WriteLine();
        if (attributed.Count == 0)
        {
            writer.WriteLine("private static void DescribeRequest()");
        }
        else
        {
            writer.WriteSignature("private static void DescribeRequest", attributed.ToArray());
        }

        writer.OpenBlock();
        writer.CloseBlock();
    }

    /// <summary>The statement in <c>Map</c> that describes the endpoint to ApiExplorer.</summary>
    public static string DescribeCall(EndpointModel e)
    {
        var optional = new List<string>();
        foreach (var p in RequestValues(e))
        {
            optional.Add(p.IsOptional ? "true" : "false");
        }

        var flags = optional.Count == 0 ? "global::System.Array.Empty<bool>()" : $"new bool[] {{ {string.Join(", ", optional)} }}";
        return $"global::SseGen.Infrastructure.SseApiDescription.Describe(builder, new RequestValues(DescribeRequest), {flags}, typeof({ItemType(e)}));";
    }

    /// <summary>The statement in <c>Map</c> that adds the stream's operation transformer (only with Microsoft.AspNetCore.OpenApi).</summary>
    public static string TransformerCall(EndpointModel e) =>
        "global::Microsoft.AspNetCore.Builder.OpenApiEndpointConventionBuilderExtensions.AddOpenApiOperationTransformer(builder, " +
        $"static (operation, context, cancellationToken) => {StreamDescriptionClass}.DescribeStream(operation, {Literals.String(FixedEventName(e))}));";

    /// <summary>
    /// The helper every endpoint's transformer calls. OpenAPI 3.1 (what Microsoft.AspNetCore.OpenApi
    /// 10 writes, through Microsoft.OpenApi 2.x) has no <c>itemSchema</c>: the body is described as
    /// what it is, one text stream, and each item's schema goes where 3.2 would put it, under
    /// <c>x-itemSchema</c> (a component <c>$ref</c> for JSON), with <c>x-sse-event</c> for a fixed event name.
    /// </summary>
    public static void WriteStreamDescription(SourceWriter writer, string generatedCode)
    {
        writer.WriteLine("/// <summary>Describes a Server-Sent Events response in an OpenAPI 3.1 document, as 3.2's <c>itemSchema</c> would.</summary>");
        writer.WriteLine(generatedCode);
        writer.WriteLine("[global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]");
        writer.OpenBlock($"file static class {StreamDescriptionClass}");
        writer.WriteSignature(
            "public static global::System.Threading.Tasks.Task DescribeStream",
            "global::Microsoft.OpenApi.OpenApiOperation operation",
            "string? eventName");
        writer.OpenBlock();
        writer.WriteLine("if (operation.Responses is { } responses");
        writer.WriteLine("    && responses.TryGetValue(\"200\", out var ok)");
        writer.WriteLine("    && ok.Content is { } content");
        writer.WriteLine($"    && content.TryGetValue({Literals.String("text/event-stream")}, out var stream)");
        writer.WriteLine("    && stream is global::Microsoft.OpenApi.OpenApiMediaType media");
        writer.WriteLine("    && media.Schema is { } item)");
        writer.OpenBlock();
        writer.WriteLine("media.Extensions ??= new global::System.Collections.Generic.Dictionary<string, global::Microsoft.OpenApi.IOpenApiExtension>();");
        writer.WriteLine("media.Extensions[\"x-itemSchema\"] = new global::Microsoft.OpenApi.JsonNodeExtension(ToJson(item));");
        writer.OpenBlock("if (eventName is not null)");
        writer.WriteLine("media.Extensions[\"x-sse-event\"] = new global::Microsoft.OpenApi.JsonNodeExtension(global::System.Text.Json.Nodes.JsonValue.Create(eventName));");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("media.Schema = new global::Microsoft.OpenApi.OpenApiSchema { Type = global::Microsoft.OpenApi.JsonSchemaType.String, Format = \"event-stream\" };");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("return global::System.Threading.Tasks.Task.CompletedTask;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("// A component stays a $ref (the schema of T is written once, under components); an inline schema is copied as written.");
        writer.WriteLine("private static global::System.Text.Json.Nodes.JsonNode ToJson(global::Microsoft.OpenApi.IOpenApiSchema schema)");
        writer.OpenBlock();
        writer.OpenBlock("if (schema is global::Microsoft.OpenApi.OpenApiSchemaReference { Reference.Id: { } id })");
        writer.WriteLine("return new global::System.Text.Json.Nodes.JsonObject { [\"$ref\"] = \"#/components/schemas/\" + id };");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("using var text = new global::System.IO.StringWriter(global::System.Globalization.CultureInfo.InvariantCulture);");
        writer.WriteLine("schema.SerializeAsV31(new global::Microsoft.OpenApi.OpenApiJsonWriter(text));");
        writer.WriteLine("return global::System.Text.Json.Nodes.JsonNode.Parse(text.ToString())!;");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    /// <summary>What one event's data is: T for JSON and <c>SseItem&lt;T&gt;</c>, a string for text.</summary>
    private static string ItemType(EndpointModel e) => e.ItemKind switch
    {
        ItemKind.Text or ItemKind.SseItemText => "string",
        _ => e.PayloadType!.FullyQualifiedName,
    };

    /// <summary>The event name every item carries; an <c>SseItem&lt;T&gt;</c> names each event itself.</summary>
    private static string? FixedEventName(EndpointModel e) =>
        e.ItemKind is ItemKind.Json or ItemKind.Text ? e.EventName : null;

    private static IEnumerable<ParameterModel> RequestValues(EndpointModel e)
    {
        foreach (var p in e.Parameters)
        {
            if (BindingEmitter.ReadsRequest(p))
            {
                yield return p;
            }
        }
    }
}
