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
        $"static (operation, context, cancellationToken) => {StreamDescriptionSource.ClassName}.DescribeStream(operation, {Literals.String(FixedEventName(e))}, " +
        $"jsonData: {Bool(e.ItemKind is ItemKind.Json or ItemKind.SseItemJson)}, streamLimit: {Bool(e.HasStreamLimit)}, channel: {Bool(e.SubscribesToChannel)}));";

    /// <summary>The helper every endpoint's transformer calls (<see cref="StreamDescriptionSource"/>); one per assembly.</summary>
    public static void WriteStreamDescription(SourceWriter writer, string generatedCode) =>
        writer.WriteLines(StreamDescriptionSource.Class(generatedCode));

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
