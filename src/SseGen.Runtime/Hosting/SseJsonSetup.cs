using System;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SseGen.Infrastructure;

/// <summary>
/// The app's minimal-API JSON settings, applied to SseGen's source-generated contexts: the naming
/// policy and converters of <see cref="HttpJsonOptions"/>, with no reflection.
/// </summary>
internal sealed class SseJsonSetup
{
    private readonly IServiceProvider _services;

    public SseJsonSetup(IServiceProvider services)
    {
        _services = services;
        AppEncoder = services.GetService<IOptions<HttpJsonOptions>>()?.Value.SerializerOptions.Encoder;
    }

    /// <summary>
    /// The app's JSON encoder (ASP.NET Core's default: <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>),
    /// which the copies made by <see cref="CreateOptions"/> leave to the writer.
    /// </summary>
    public JavaScriptEncoder? AppEncoder { get; }

    /// <summary>
    /// A copy of the app's serializer options whose resolver asks <paramref name="context"/> first,
    /// then the app's own resolver.
    /// </summary>
    /// <remarks>
    /// The copy's <see cref="JsonSerializerOptions.Encoder"/> is null and the app's encoder goes to
    /// the per-connection <see cref="Utf8JsonWriter"/> instead (<see cref="WriterOptions{T}"/>):
    /// System.Text.Json runs a source-generated context's fast path only for options with no
    /// encoder, and the writer's encoder is the one that escapes string values. Property names are
    /// then escaped as the source generator escapes them (System.Text.Json's default encoder), in
    /// the fast path and the metadata path alike.
    /// </remarks>
    public JsonSerializerOptions CreateOptions(IJsonTypeInfoResolver context)
    {
        var appOptions = _services.GetService<IOptions<HttpJsonOptions>>()?.Value.SerializerOptions
            ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var options = new JsonSerializerOptions(appOptions)
        {
            TypeInfoResolver = appOptions.TypeInfoResolver is { } appResolver
                ? JsonTypeInfoResolver.Combine(context, appResolver)
                : context,
            Encoder = null,
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Options for a connection's JSON writer: the formatter's, with the app's encoder when its
    /// serializer options have none (the copies of <see cref="CreateOptions"/>, whose encoder was
    /// moved here; string values are escaped by the writer's encoder).
    /// </summary>
    public JsonWriterOptions WriterOptions<T>(SseItemFormatter<T> formatter)
    {
        var options = formatter.JsonWriterOptions;
        options.Encoder ??= AppEncoder;
        return options;
    }
}
