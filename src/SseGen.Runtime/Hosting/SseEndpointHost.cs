using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.ComponentModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SseGen.Infrastructure;

/// <summary>
/// The per-application state shared by every generated endpoint: options, logger, the shutdown
/// token and the one keep-alive clock. Generated code creates it once in <c>MapSseEndpoints()</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SseEndpointHost
{
    private readonly IServiceProvider _services;
    private readonly SseStreamClock? _clock;
    private readonly ConcurrentDictionary<string, SseStreamGate> _gates = new(StringComparer.Ordinal);
    private readonly Func<string, SseStreamGate> _newGate;

    private SseEndpointHost(IServiceProvider services)
    {
        _services = services;
        Options = services.GetService<IOptions<SseOptions>>()?.Value ?? new SseOptions();
        Logger = services.GetService<ILoggerFactory>()?.CreateLogger("SseGen") ?? NullLogger.Instance;
        var lifetime = services.GetService<IHostApplicationLifetime>();
        ApplicationStopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        IsDevelopment = services.GetService<IHostEnvironment>()?.IsDevelopment() ?? false;
        Metrics = SseMetrics.For(services.GetService<IMeterFactory>());
        AppJsonEncoder = services.GetService<IOptions<HttpJsonOptions>>()?.Value.SerializerOptions.Encoder;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _newGate = _ => new SseStreamGate(new SseLogThrottle(time, RefusalLogInterval));
        if (Options.EffectiveKeepAliveInterval is not null || Options.EffectiveWriteTimeout is not null)
        {
            _clock = new SseStreamClock(Options.EffectiveKeepAliveInterval, Options.EffectiveWriteTimeout);
            lifetime?.ApplicationStopped.Register(static c => ((SseStreamClock)c!).Dispose(), _clock);
        }
    }

    /// <summary>Creates the host for an application's services.</summary>
    public static SseEndpointHost Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new SseEndpointHost(services);
    }

    /// <summary>
    /// Fails mapping when the generator had to leave <c>[SseEndpoint]</c> methods out: with analyzers
    /// off or a usage rule suppressed the build is green, and without this the routes would answer 404.
    /// </summary>
    /// <param name="assembly">The assembly whose endpoints are being mapped.</param>
    /// <param name="problems">One line per method: its name, the rule id, the rule's message.</param>
    public static void ThrowUnmapped(string assembly, string[] problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        throw new InvalidOperationException(
            $"SseGen could not generate {problems.Length} [SseEndpoint] method(s) of {assembly}, so their routes would not exist. " +
            "Fix them (the build reports these rules as errors when analyzers run):" + Environment.NewLine +
            string.Join(Environment.NewLine, problems));
    }

    /// <summary>The options in force for the application.</summary>
    public SseOptions Options { get; }

    internal ILogger Logger { get; }

    internal CancellationToken ApplicationStopping { get; }

    /// <summary>Whether a 400 may show the raw request values that failed to bind.</summary>
    internal bool IsDevelopment { get; }

    internal SseStreamClock? Clock => _clock;

    internal SseMetrics Metrics { get; }

    /// <summary>
    /// A copy of the app's minimal-API <see cref="HttpJsonOptions"/> serializer options whose
    /// resolver asks <paramref name="context"/> first, then the app's own resolver: the app's naming
    /// policy and converters apply, and no reflection is needed.
    /// </summary>
    /// <remarks>
    /// The copy's <see cref="JsonSerializerOptions.Encoder"/> is null and the app's encoder goes to
    /// the per-connection <see cref="Utf8JsonWriter"/> instead (<see cref="WriterOptions{T}"/>):
    /// System.Text.Json runs a source-generated context's fast path only for options with no
    /// encoder, and the writer's encoder is the one that escapes string values. Property names are
    /// then escaped as the source generator escapes them (System.Text.Json's default encoder), in
    /// the fast path and the metadata path alike.
    /// </remarks>
    public JsonSerializerOptions CreateJsonOptions(IJsonTypeInfoResolver context)
    {
        ArgumentNullException.ThrowIfNull(context);
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
    /// The app's JSON encoder (ASP.NET Core's default: <see cref="System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>),
    /// which the copies made by <see cref="CreateJsonOptions"/> leave to the writer.
    /// </summary>
    internal System.Text.Encodings.Web.JavaScriptEncoder? AppJsonEncoder { get; }

    /// <summary>
    /// Options for a connection's JSON writer: the formatter's, with the app's encoder when its
    /// serializer options have none (the copies of <see cref="CreateJsonOptions"/>, whose
    /// encoder was moved here; string values are escaped by the writer's encoder).
    /// </summary>
    internal JsonWriterOptions WriterOptions<T>(SseItemFormatter<T> formatter)
    {
        var options = formatter.JsonWriterOptions;
        options.Encoder ??= AppJsonEncoder;
        return options;
    }

    /// <summary>Resolves the metadata for <typeparamref name="T"/> once, at mapping time.</summary>
    public static JsonTypeInfo<T> GetTypeInfo<T>(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }

    /// <summary>
    /// Fails at startup, with the endpoint and parameter named, when a parameter inferred as a
    /// service is not registered, as minimal APIs do.
    /// </summary>
    public void RequireService(Type serviceType, string endpoint, string parameter)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        var isService = _services.GetService<IServiceProviderIsService>();
        if (isService is not null && !isService.IsService(serviceType))
        {
            throw new InvalidOperationException(
                $"The SSE endpoint {endpoint} takes the parameter '{parameter}', which is neither bound from the request nor a registered service. " +
                $"Register {serviceType.FullName} in the service collection, or bind it with [FromRoute], [FromQuery] or [FromHeader].");
        }
    }

    /// <summary>
    /// The token the stream's <c>[EnumeratorCancellation]</c> parameter receives: it fires when the
    /// client disconnects and when the application stops.
    /// </summary>
    public CancellationTokenSource CreateStreamCancellation(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, ApplicationStopping);
    }

    /// <summary>
    /// Answers 400 with a ProblemDetails body naming every parameter that failed to bind. The raw
    /// values that did not parse are logged, but shown to the client only in Development.
    /// </summary>
    public Task WriteBadRequestAsync(HttpContext context, string endpoint, StringBuilder errors)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(errors);
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            SseLog.BindingFailed(Logger, endpoint, SseBadRequest.ForLog(errors));
        }

        return SseProblem.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad Request",
            "https://tools.ietf.org/html/rfc9110#section-15.5.1", IsDevelopment ? SseBadRequest.Full(errors) : SseBadRequest.Redacted(errors));
    }

    /// <summary>
    /// Answers 500 ProblemDetails when the endpoint method (or its class's constructor) threw before
    /// the stream existed, and logs the exception once; 503 with <c>Retry-After</c> when it was a
    /// channel set at its limit (<see cref="SseChannelLimitException"/>), which the channels log
    /// themselves, a bounded number of times.
    /// </summary>
    public Task WriteStartFailureAsync(HttpContext context, string endpoint, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is SseChannelLimitException limit)
        {
            if (!context.Response.HasStarted)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(limit.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return SseProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable",
                "https://tools.ietf.org/html/rfc9110#section-15.6.4", "Too many channels are open; retry later.");
        }

        SseLog.FailedBeforeFirstEvent(Logger, endpoint, exception);
        return SseProblem.WriteAsync(context, StatusCodes.Status500InternalServerError, "An error occurred while processing your request.",
            "https://tools.ietf.org/html/rfc9110#section-15.6.1", detail: null);
    }

    /// <summary>
    /// How often at most an endpoint logs that its stream limit refused requests: the first refusal
    /// is logged at once, later ones are counted and summed up in one line per interval at most.
    /// </summary>
    internal static readonly TimeSpan RefusalLogInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Takes one of the endpoint's stream places (<see cref="SseStreamLimitAttribute"/> in its
    /// metadata), before the request is bound, a service resolved or any user code run: a request
    /// over the limit costs nothing but its 503. Dispose the slot when the request ends, whatever
    /// the path; when <see cref="SseStreamSlot.Entered"/> is false, answer with
    /// <see cref="WriteStreamLimitAsync"/>.
    /// </summary>
    public SseStreamSlot EnterStream(HttpContext context, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<SseStreamLimitAttribute>();
        if (limit is null)
        {
            return default;
        }

        var gate = _gates.GetOrAdd(endpoint, _newGate);
        return new SseStreamSlot(gate, gate.TryEnter(limit.MaxStreams) ? null : limit);
    }

    /// <summary>
    /// Answers a request <see cref="EnterStream"/> refused: 503 with <c>Retry-After</c> and a
    /// ProblemDetails body. Logged once, then at most one line per interval with the count.
    /// </summary>
    public Task WriteStreamLimitAsync(HttpContext context, string endpoint, SseStreamSlot slot)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (slot.RefusedBy is not { } limit || slot.Gate is not { } gate)
        {
            throw new ArgumentException("The slot was entered; only a refused request is answered with 503.", nameof(slot));
        }

        Metrics.Ended(endpoint, "limit", 0);
        if (gate.Refusals.TryEnter(out var heldBack))
        {
            if (heldBack == 0)
            {
                SseLog.StreamLimitReached(Logger, endpoint, limit.MaxStreams, gate.Refusals.Interval);
            }
            else
            {
                SseLog.StreamLimitStillReached(Logger, endpoint, heldBack + 1, limit.MaxStreams);
            }
        }

        context.Response.Headers.RetryAfter = limit.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return SseProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable",
            "https://tools.ietf.org/html/rfc9110#section-15.6.4", $"This stream is limited to {limit.MaxStreams} open connections; retry later.");
    }

    /// <summary>Streams <paramref name="items"/> as SSE until it ends, fails, or the token fires.</summary>
    /// <param name="context">The request.</param>
    /// <param name="endpoint">The endpoint's name, for logs.</param>
    /// <param name="items">The producer.</param>
    /// <param name="formatter">Turns each item into an event.</param>
    /// <param name="cancellationToken">The token the producer was given.</param>
    /// <param name="owner">
    /// The instance the producer belongs to, disposed (if it is <see cref="IDisposable"/> or
    /// <see cref="IAsyncDisposable"/>) only after the producer's <c>finally</c> ran, even when the
    /// producer outlives the request.
    /// </param>
    /// <remarks>The stream limit is not checked here: the generated code took its slot with <see cref="EnterStream"/> first.</remarks>
    public Task RunAsync<T>(HttpContext context, string endpoint, IAsyncEnumerable<T> items, SseItemFormatter<T> formatter, CancellationToken cancellationToken, object? owner = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(formatter);
        // A broadcast subscription's events are framed once by its channel: copy those bytes as they are.
        return items is ISseFrameSource source
            ? SseStreamRunner<SseFrame>.RunAsync(this, context, endpoint, source.Frames, SseFrameFormatter.Instance, cancellationToken, owner)
            : SseStreamRunner<T>.RunAsync(this, context, endpoint, items, formatter, cancellationToken, owner);
    }

    /// <summary>Disposes the endpoint's instance (when it is disposable); a failure is logged, never thrown.</summary>
    internal async ValueTask DisposeOwnerAsync(object? owner, string endpoint)
    {
        try
        {
            if (owner is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else if (owner is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
        catch (Exception ex)
        {
            SseLog.DisposeFailed(Logger, endpoint, ex);
        }
    }
}
