namespace SseGen.Generator.Emitting;

/// <summary>
/// The helper every endpoint's OpenAPI operation transformer calls, written once per assembly as a
/// template that reads as the code it writes. OpenAPI 3.1 (what Microsoft.AspNetCore.OpenApi 10
/// writes, through Microsoft.OpenApi 2.x) has no <c>itemSchema</c>: the body is described as what it
/// is, one text stream, and the schema of one event, as OpenAPI 3.2 and its media-type registry give
/// it for <c>text/event-stream</c> (<c>data</c>, <c>event</c>, <c>id</c>, <c>retry</c>; JSON data as
/// a string whose <c>contentSchema</c> is T), goes under <c>x-itemSchema</c>, so the day the document
/// is 3.2 it moves to <c>itemSchema</c> unchanged.
/// </summary>
internal static class StreamDescriptionSource
{
    /// <summary>The file-scoped helper class the per-endpoint transformers call.</summary>
    public const string ClassName = "SseGenOpenApi";

    /// <summary>The class, with <paramref name="generatedCode"/> (the <c>[GeneratedCode]</c> attribute) on it.</summary>
    public static string Class(string generatedCode) => $$"""
        /// <summary>Describes a Server-Sent Events response in an OpenAPI 3.1 document, as 3.2's <c>itemSchema</c> would.</summary>
        {{generatedCode}}
        [global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]
        file static class {{ClassName}}
        {
            public static global::System.Threading.Tasks.Task DescribeStream(
                global::Microsoft.OpenApi.OpenApiOperation operation,
                string? eventName,
                bool jsonData,
                bool streamLimit,
                bool channel)
            {
                if (operation.Responses is not { } responses)
                {
                    return global::System.Threading.Tasks.Task.CompletedTask;
                }

                if (responses.TryGetValue("200", out var ok)
                    && ok.Content is { } content
                    && content.TryGetValue("text/event-stream", out var stream)
                    && stream is global::Microsoft.OpenApi.OpenApiMediaType media
                    && media.Schema is { } item)
                {
                    media.Extensions ??= new global::System.Collections.Generic.Dictionary<string, global::Microsoft.OpenApi.IOpenApiExtension>();
                    media.Extensions["x-itemSchema"] = new global::Microsoft.OpenApi.JsonNodeExtension(ItemSchema(jsonData ? ToJson(item) : null, eventName, channel));
                    media.Schema = new global::Microsoft.OpenApi.OpenApiSchema { Type = global::Microsoft.OpenApi.JsonSchemaType.String, Format = "event-stream" };
                }

                if (responses.TryGetValue("204", out var noContent) && noContent is global::Microsoft.OpenApi.OpenApiResponse empty)
                {
                    empty.Description = "No Content, the stream has nothing to send; EventSource stops.";
                }

                if (responses.TryGetValue("503", out var unavailable) && unavailable is global::Microsoft.OpenApi.OpenApiResponse refused)
                {
                    refused.Description = streamLimit && channel
                        ? "Service Unavailable: the stream's limit of open connections is reached, or too many broadcast channels are open; retry after Retry-After seconds."
                        : streamLimit
                            ? "Service Unavailable: the stream's limit of open connections is reached; retry after Retry-After seconds."
                            : "Service Unavailable: too many broadcast channels are open; retry after Retry-After seconds.";
                    refused.Headers ??= new global::System.Collections.Generic.Dictionary<string, global::Microsoft.OpenApi.IOpenApiHeader>();
                    refused.Headers["Retry-After"] = new global::Microsoft.OpenApi.OpenApiHeader
                    {
                        Description = "Seconds to wait before opening the stream again.",
                        Required = true,
                        Schema = new global::Microsoft.OpenApi.OpenApiSchema { Type = global::Microsoft.OpenApi.JsonSchemaType.Integer },
                    };
                }

                return global::System.Threading.Tasks.Task.CompletedTask;
            }

            // One event as an SSE parser hands it over: data is required (an event without data is never dispatched),
            // event, id and retry only where the server writes them. A channel's own reset and missed events carry
            // JSON of their own, so a subscription's event is one of three shapes, told apart by its event name.
            private static global::System.Text.Json.Nodes.JsonObject ItemSchema(global::System.Text.Json.Nodes.JsonNode? payload, string? eventName, bool channel)
            {
                var eventField = new global::System.Text.Json.Nodes.JsonObject { ["type"] = "string" };
                if (eventName is not null)
                {
                    eventField["const"] = eventName;
                }

                var schema = new global::System.Text.Json.Nodes.JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new global::System.Text.Json.Nodes.JsonObject
                    {
                        ["data"] = Data(channel ? null : payload, json: payload is not null),
                        ["event"] = eventField,
                        ["id"] = new global::System.Text.Json.Nodes.JsonObject { ["type"] = "string" },
                        ["retry"] = new global::System.Text.Json.Nodes.JsonObject { ["type"] = "integer", ["minimum"] = 0 },
                    },
                    ["required"] = new global::System.Text.Json.Nodes.JsonArray("data"),
                };
                if (channel && payload is not null)
                {
                    schema["oneOf"] = new global::System.Text.Json.Nodes.JsonArray(
                        new global::System.Text.Json.Nodes.JsonObject
                        {
                            ["properties"] = new global::System.Text.Json.Nodes.JsonObject
                            {
                                ["event"] = new global::System.Text.Json.Nodes.JsonObject { ["type"] = "string", ["not"] = new global::System.Text.Json.Nodes.JsonObject { ["enum"] = new global::System.Text.Json.Nodes.JsonArray("reset", "missed") } },
                                ["data"] = Data(payload, json: true),
                            },
                        },
                        Signal("reset", "latestId", "string"),
                        Signal("missed", "missed", "integer"));
                }

                return schema;
            }

            // JSON data is a string on the wire: contentMediaType says how to read it, contentSchema what it then is.
            private static global::System.Text.Json.Nodes.JsonObject Data(global::System.Text.Json.Nodes.JsonNode? contentSchema, bool json)
            {
                var data = new global::System.Text.Json.Nodes.JsonObject { ["type"] = "string" };
                if (json)
                {
                    data["contentMediaType"] = "application/json";
                }

                if (contentSchema is not null)
                {
                    data["contentSchema"] = contentSchema;
                }

                return data;
            }

            // A channel's own event: its name, and JSON data of one required property.
            private static global::System.Text.Json.Nodes.JsonObject Signal(string name, string property, string type) => new global::System.Text.Json.Nodes.JsonObject
            {
                ["properties"] = new global::System.Text.Json.Nodes.JsonObject
                {
                    ["event"] = new global::System.Text.Json.Nodes.JsonObject { ["const"] = name },
                    ["data"] = Data(new global::System.Text.Json.Nodes.JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new global::System.Text.Json.Nodes.JsonObject { [property] = new global::System.Text.Json.Nodes.JsonObject { ["type"] = type } },
                        ["required"] = new global::System.Text.Json.Nodes.JsonArray(property),
                    }, json: true),
                },
                ["required"] = new global::System.Text.Json.Nodes.JsonArray("event"),
            };

            // A component stays a $ref (the schema of T is written once, under components); an inline schema is copied as written.
            private static global::System.Text.Json.Nodes.JsonNode ToJson(global::Microsoft.OpenApi.IOpenApiSchema schema)
            {
                if (schema is global::Microsoft.OpenApi.OpenApiSchemaReference { Reference.Id: { } id })
                {
                    return new global::System.Text.Json.Nodes.JsonObject { ["$ref"] = "#/components/schemas/" + id };
                }

                using var text = new global::System.IO.StringWriter(global::System.Globalization.CultureInfo.InvariantCulture);
                schema.SerializeAsV31(new global::Microsoft.OpenApi.OpenApiJsonWriter(text));
                return global::System.Text.Json.Nodes.JsonNode.Parse(text.ToString())!;
            }
        }
        """;
}
