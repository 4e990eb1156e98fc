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
        var unavailable = MayAnswerUnavailable(e) ? "true" : "false";
        return $"global::SseGen.Infrastructure.SseApiDescription.Describe(builder, new RequestValues(DescribeRequest), {flags}, typeof({ItemType(e)}), mayBeUnavailable: {unavailable});";
    }

    /// <summary>The statement in <c>Map</c> that adds the stream's operation transformer (only with Microsoft.AspNetCore.OpenApi).</summary>
    public static string TransformerCall(EndpointModel e) =>
        "global::Microsoft.AspNetCore.Builder.OpenApiEndpointConventionBuilderExtensions.AddOpenApiOperationTransformer(builder, " +
        $"static (operation, context, cancellationToken) => {StreamDescriptionClass}.DescribeStream(operation, {Literals.String(FixedEventName(e))}, " +
        $"jsonData: {Bool(e.ItemKind is ItemKind.Json or ItemKind.SseItemJson)}, streamLimit: {Bool(e.HasStreamLimit)}, channel: {Bool(e.SubscribesToChannel)}));";

    /// <summary>
    /// The helper every endpoint's transformer calls. OpenAPI 3.1 (what Microsoft.AspNetCore.OpenApi
    /// 10 writes, through Microsoft.OpenApi 2.x) has no <c>itemSchema</c>: the body is described as
    /// what it is, one text stream, and the schema of one event, as OpenAPI 3.2 and its media-type
    /// registry give it for <c>text/event-stream</c> (<c>data</c>, <c>event</c>, <c>id</c>,
    /// <c>retry</c>; JSON data as a string whose <c>contentSchema</c> is T), goes under
    /// <c>x-itemSchema</c>, so the day the document is 3.2 it moves to <c>itemSchema</c> unchanged.
    /// </summary>
    public static void WriteStreamDescription(SourceWriter writer, string generatedCode)
    {
        const string Json = "global::System.Text.Json.Nodes.JsonObject";
        const string Node = "global::System.Text.Json.Nodes.JsonNode";
        const string Array = "global::System.Text.Json.Nodes.JsonArray";
        writer.WriteLine("/// <summary>Describes a Server-Sent Events response in an OpenAPI 3.1 document, as 3.2's <c>itemSchema</c> would.</summary>");
        writer.WriteLine(generatedCode);
        writer.WriteLine("[global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]");
        writer.OpenBlock($"file static class {StreamDescriptionClass}");
        writer.WriteSignature(
            "public static global::System.Threading.Tasks.Task DescribeStream",
            "global::Microsoft.OpenApi.OpenApiOperation operation",
            "string? eventName",
            "bool jsonData",
            "bool streamLimit",
            "bool channel");
        writer.OpenBlock();
        writer.OpenBlock("if (operation.Responses is not { } responses)");
        writer.WriteLine("return global::System.Threading.Tasks.Task.CompletedTask;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("if (responses.TryGetValue(\"200\", out var ok)");
        writer.WriteLine("    && ok.Content is { } content");
        writer.WriteLine($"    && content.TryGetValue({Literals.String("text/event-stream")}, out var stream)");
        writer.WriteLine("    && stream is global::Microsoft.OpenApi.OpenApiMediaType media");
        writer.WriteLine("    && media.Schema is { } item)");
        writer.OpenBlock();
        writer.WriteLine("media.Extensions ??= new global::System.Collections.Generic.Dictionary<string, global::Microsoft.OpenApi.IOpenApiExtension>();");
        writer.WriteLine("media.Extensions[\"x-itemSchema\"] = new global::Microsoft.OpenApi.JsonNodeExtension(ItemSchema(jsonData ? ToJson(item) : null, eventName, channel));");
        writer.WriteLine("media.Schema = new global::Microsoft.OpenApi.OpenApiSchema { Type = global::Microsoft.OpenApi.JsonSchemaType.String, Format = \"event-stream\" };");
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock("if (responses.TryGetValue(\"204\", out var noContent) && noContent is global::Microsoft.OpenApi.OpenApiResponse empty)");
        writer.WriteLine($"empty.Description = {Literals.String("No Content, the stream has nothing to send; EventSource stops.")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock("if (responses.TryGetValue(\"503\", out var unavailable) && unavailable is global::Microsoft.OpenApi.OpenApiResponse refused)");
        writer.WriteLine("refused.Description = streamLimit && channel");
        writer.WriteLine($"    ? {Literals.String("Service Unavailable: the stream's limit of open connections is reached, or too many broadcast channels are open; retry after Retry-After seconds.")}");
        writer.WriteLine("    : streamLimit");
        writer.WriteLine($"        ? {Literals.String("Service Unavailable: the stream's limit of open connections is reached; retry after Retry-After seconds.")}");
        writer.WriteLine($"        : {Literals.String("Service Unavailable: too many broadcast channels are open; retry after Retry-After seconds.")};");
        writer.WriteLine("refused.Headers ??= new global::System.Collections.Generic.Dictionary<string, global::Microsoft.OpenApi.IOpenApiHeader>();");
        writer.WriteLine("refused.Headers[\"Retry-After\"] = new global::Microsoft.OpenApi.OpenApiHeader");
        writer.OpenBlock();
        writer.WriteLine("Description = \"Seconds to wait before opening the stream again.\",");
        writer.WriteLine("Required = true,");
        writer.WriteLine("Schema = new global::Microsoft.OpenApi.OpenApiSchema { Type = global::Microsoft.OpenApi.JsonSchemaType.Integer },");
        writer.CloseBlock(";");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("return global::System.Threading.Tasks.Task.CompletedTask;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("// One event as an SSE parser hands it over: data is required (an event without data is never dispatched),");
        writer.WriteLine("// event, id and retry only where the server writes them. A channel's own reset and missed events carry");
        writer.WriteLine("// JSON of their own, so a subscription's event is one of three shapes, told apart by its event name.");
        writer.WriteLine($"private static {Json} ItemSchema({Node}? payload, string? eventName, bool channel)");
        writer.OpenBlock();
        writer.WriteLine($"var eventField = new {Json} {{ [\"type\"] = \"string\" }};");
        writer.OpenBlock("if (eventName is not null)");
        writer.WriteLine("eventField[\"const\"] = eventName;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"var schema = new {Json}");
        writer.OpenBlock();
        writer.WriteLine("[\"type\"] = \"object\",");
        writer.WriteLine($"[\"properties\"] = new {Json}");
        writer.OpenBlock();
        writer.WriteLine("[\"data\"] = Data(channel ? null : payload, json: payload is not null),");
        writer.WriteLine("[\"event\"] = eventField,");
        writer.WriteLine($"[\"id\"] = new {Json} {{ [\"type\"] = \"string\" }},");
        writer.WriteLine($"[\"retry\"] = new {Json} {{ [\"type\"] = \"integer\", [\"minimum\"] = 0 }},");
        writer.CloseBlock(",");
        writer.WriteLine($"[\"required\"] = new {Array}(\"data\"),");
        writer.CloseBlock(";");
        writer.OpenBlock("if (channel && payload is not null)");
        writer.WriteLine($"schema[\"oneOf\"] = new {Array}(");
        writer.WriteLine($"    new {Json}");
        writer.WriteLine("    {");
        writer.WriteLine($"        [\"properties\"] = new {Json}");
        writer.WriteLine("        {");
        writer.WriteLine($"            [\"event\"] = new {Json} {{ [\"type\"] = \"string\", [\"not\"] = new {Json} {{ [\"enum\"] = new {Array}(\"reset\", \"missed\") }} }},");
        writer.WriteLine("            [\"data\"] = Data(payload, json: true),");
        writer.WriteLine("        },");
        writer.WriteLine("    },");
        writer.WriteLine("    Signal(\"reset\", \"latestId\", \"string\"),");
        writer.WriteLine("    Signal(\"missed\", \"missed\", \"integer\"));");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("return schema;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("// JSON data is a string on the wire: contentMediaType says how to read it, contentSchema what it then is.");
        writer.WriteLine($"private static {Json} Data({Node}? contentSchema, bool json)");
        writer.OpenBlock();
        writer.WriteLine($"var data = new {Json} {{ [\"type\"] = \"string\" }};");
        writer.OpenBlock("if (json)");
        writer.WriteLine("data[\"contentMediaType\"] = \"application/json\";");
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock("if (contentSchema is not null)");
        writer.WriteLine("data[\"contentSchema\"] = contentSchema;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("return data;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("// A channel's own event: its name, and JSON data of one required property.");
        writer.WriteLine($"private static {Json} Signal(string name, string property, string type) => new {Json}");
        writer.OpenBlock();
        writer.WriteLine($"[\"properties\"] = new {Json}");
        writer.OpenBlock();
        writer.WriteLine($"[\"event\"] = new {Json} {{ [\"const\"] = name }},");
        writer.WriteLine($"[\"data\"] = Data(new {Json}");
        writer.WriteLine("{");
        writer.WriteLine("    [\"type\"] = \"object\",");
        writer.WriteLine($"    [\"properties\"] = new {Json} {{ [property] = new {Json} {{ [\"type\"] = type }} }},");
        writer.WriteLine($"    [\"required\"] = new {Array}(property),");
        writer.WriteLine("}, json: true),");
        writer.CloseBlock(",");
        writer.WriteLine($"[\"required\"] = new {Array}(\"event\"),");
        writer.CloseBlock(";");
        writer.WriteLine();
        writer.WriteLine("// A component stays a $ref (the schema of T is written once, under components); an inline schema is copied as written.");
        writer.WriteLine($"private static {Node} ToJson(global::Microsoft.OpenApi.IOpenApiSchema schema)");
        writer.OpenBlock();
        writer.OpenBlock("if (schema is global::Microsoft.OpenApi.OpenApiSchemaReference { Reference.Id: { } id })");
        writer.WriteLine($"return new {Json} {{ [\"$ref\"] = \"#/components/schemas/\" + id }};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("using var text = new global::System.IO.StringWriter(global::System.Globalization.CultureInfo.InvariantCulture);");
        writer.WriteLine("schema.SerializeAsV31(new global::Microsoft.OpenApi.OpenApiJsonWriter(text));");
        writer.WriteLine($"return {Node}.Parse(text.ToString())!;");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    /// <summary>Whether the endpoint can answer 503: its own stream limit, or a broadcast channel set at its cap.</summary>
    private static bool MayAnswerUnavailable(EndpointModel e) => e.HasStreamLimit || e.SubscribesToChannel;

    private static string Bool(bool value) => value ? "true" : "false";

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
