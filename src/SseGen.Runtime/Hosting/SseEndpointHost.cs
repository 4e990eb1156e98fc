using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.ComponentModel;
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
    private readonly SseStreamLimits _limits;

    private SseEndpointHost(IServiceProvider services)
    {
        _services = services;
        Options = services.GetService<IOptions<SseOptions>>()?.Value ?? new SseOptions();
        Logger = services.GetService<ILoggerFactory>()?.CreateLogger("SseGen") ?? NullLogger.Instance;
        var lifetime = services.GetService<IHostApplicationLifetime>();
        ApplicationStopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        IsDevelopment = services.GetService<IHostEnvironment>()?.IsDevelopment() ?? false;
        Metrics = SseMetrics.For(services.GetService<IMeterFactory>());
        Json = new SseJsonSetup(services);
        Time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _limits = new SseStreamLimits(Time, Logger, Metrics);
        if (Options.EffectiveKeepAliveInterval is not null || Options.EffectiveWriteTimeout is not null)
        {
            _clock = new SseStreamClock(Time, Options.EffectiveKeepAliveInterval, Options.EffectiveWriteTimeout);
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

    /// <summary>The clock of every wait and timestamp in the runtime: the app's <see cref="TimeProvider"/> service, else the system's.</summary>
    internal TimeProvider Time { get; }

    internal SseJsonSetup Json { get; }

    /// <summary>
    /// A copy of the app's minimal-API serializer options (<c>Microsoft.AspNetCore.Http.Json.JsonOptions</c>)
    /// whose resolver asks <paramref name="context"/> first, then the app's own resolver: the app's
    /// naming policy and converters apply, and no reflection is needed.
    /// </summary>
    public JsonSerializerOptions CreateJsonOptions(IJsonTypeInfoResolver context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Json.CreateOptions(context);
    }

    /// <summary>Options for a connection's JSON writer (see <see cref="SseJsonSetup.WriterOptions{T}"/>).</summary>
    internal JsonWriterOptions WriterOptions<T>(SseItemFormatter<T> formatter) => Json.WriterOptions(formatter);

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
    public Task WriteBadRequestAsync(HttpContext context, string endpoint, SseBindingErrors errors)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(errors);
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            SseLog.BindingFailed(Logger, endpoint, SseBadRequest.ForLog(errors));
        }

        return SseProblem.WriteBadRequestAsync(context, IsDevelopment ? SseBadRequest.Full(errors) : SseBadRequest.Redacted(errors));
    }

    /// <summary>
    /// Answers 500 ProblemDetails when the endpoint method (or its class's constructor) threw before
    /// the stream existed, and logs the exception once; 503 with <c>Retry-After</c> when it was a
    /// channel set at its limit (<see cref="SseChannelLimitException"/>), which the channels log
    /// themselves, a bounded number of times. Then disposes <paramref name="owner"/>, as a stream's
    /// teardown would have.
    /// </summary>
    public async Task WriteStartFailureAsync(HttpContext context, string endpoint, Exception exception, object? owner = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is SseChannelLimitException limit)
        {
            if (!context.Response.HasStarted)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(limit.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await SseProblem.WriteUnavailableAsync(context, "Too many channels are open; retry later.");
        }
        else
        {
            SseLog.FailedBeforeFirstEvent(Logger, endpoint, exception);
            await SseProblem.WriteServerErrorAsync(context);
        }

        await DisposeOwnerAsync(owner, endpoint);
    }

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
        return _limits.Enter(context, endpoint);
    }

    /// <summary>
    /// Answers a request <see cref="EnterStream"/> refused: 503 with <c>Retry-After</c> and a
    /// ProblemDetails body. Logged once, then at most one line per interval with the count.
    /// </summary>
    public Task WriteStreamLimitAsync(HttpContext context, string endpoint, SseStreamSlot slot)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _limits.WriteRefusalAsync(context, endpoint, slot);
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
            ? SseStreamLoop<SseFrame>.RunAsync(this, context, endpoint, source.Frames, SseFrameFormatter.Instance, cancellationToken, owner)
            : SseStreamLoop<T>.RunAsync(this, context, endpoint, items, formatter, cancellationToken, owner);
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
