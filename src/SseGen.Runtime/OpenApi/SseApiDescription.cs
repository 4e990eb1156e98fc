using System;
using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace SseGen.Infrastructure;

/// <summary>
/// Describes a generated endpoint to ApiExplorer, so Microsoft.AspNetCore.OpenApi (or any
/// ApiExplorer-based document generator) lists it without a call from the user and without
/// reflecting over the user's method. ApiExplorer describes only endpoints that carry a
/// <see cref="MethodInfo"/> and, per request value, an <see cref="IParameterBindingMetadata"/>:
/// generated code hands over a method whose signature is just the request values (route, query,
/// header, with their <c>[FromRoute]</c>/<c>[FromQuery]</c>/<c>[FromHeader]</c> names), and says
/// which of them are optional, what one item is, whether binding can fail, and whether the stream can
/// be refused with 503.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SseApiDescription
{
    /// <summary>The response content type of every stream.</summary>
    public const string EventStream = "text/event-stream";

    /// <summary>Adds the endpoint's description to its metadata.</summary>
    /// <param name="builder">The endpoint.</param>
    /// <param name="requestValues">A generated method whose parameters are the endpoint's request values, in order.</param>
    /// <param name="optional">Per parameter of <paramref name="requestValues"/>, whether the request may leave it out.</param>
    /// <param name="itemType">What one event's data is: <c>T</c> (also for <c>SseItem&lt;T&gt;</c>), or <see cref="string"/> for text.</param>
    /// <param name="mayBeUnavailable">
    /// Whether the endpoint can answer 503 with <c>Retry-After</c>: it has <see cref="SseStreamLimitAttribute"/>,
    /// or it subscribes to broadcast channels, whose cap answers 503 too.
    /// </param>
    public static void Describe(IEndpointConventionBuilder builder, Delegate requestValues, bool[] optional, Type itemType, bool mayBeUnavailable)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(requestValues);
        ArgumentNullException.ThrowIfNull(optional);
        ArgumentNullException.ThrowIfNull(itemType);
        var method = requestValues.Method;
        var parameters = method.GetParameters();
        if (parameters.Length != optional.Length)
        {
            throw new ArgumentException($"{parameters.Length} request values but {optional.Length} optional flags.", nameof(optional));
        }

        builder.Add(endpoint =>
        {
            endpoint.Metadata.Add(method);
            for (var i = 0; i < parameters.Length; i++)
            {
                endpoint.Metadata.Add(new RequestValue(parameters[i], optional[i]));
            }

            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, itemType, [EventStream]));

            // A stream that ends before its first event answers 204, which stops an EventSource for good.
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status204NoContent, typeof(void)));
            if (parameters.Length > 0)
            {
                // Only a request value can fail to bind: a stream that reads none never answers 400.
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(ProblemDetails), ["application/problem+json"]));
            }

            if (mayBeUnavailable)
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(ProblemDetails), ["application/problem+json"]));
            }
        });
    }

    /// <summary>One request value as minimal APIs' own binding metadata describes it.</summary>
    private sealed class RequestValue(ParameterInfo parameter, bool isOptional) : IParameterBindingMetadata
    {
        public string Name => parameter.Name ?? string.Empty;

        // Every request value SseGen binds is a string or parsed from one (TryParse / IParsable).
        public bool HasTryParse => parameter.ParameterType != typeof(string);

        public bool HasBindAsync => false;

        public ParameterInfo ParameterInfo => parameter;

        public bool IsOptional => isOptional;
    }
}
