using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace SseGen.Infrastructure;

/// <summary>
/// The <c>SseGen</c> meter and its instruments, one set per <see cref="IMeterFactory"/> (so each app,
/// and each test server, has its own), shared by the endpoints and the broadcast channels.
/// </summary>
/// <remarks>The names, units and tags are listed in the README ("Metrics"); change them there too.</remarks>
internal sealed class SseMetrics
{
    public const string MeterName = "SseGen";
    public const string EndpointTag = "ssegen.endpoint";
    public const string ReasonTag = "ssegen.reason";
    public const string PolicyTag = "ssegen.policy";

    private static readonly ConditionalWeakTable<IMeterFactory, SseMetrics> ByFactory = new();
    private static readonly Lazy<SseMetrics> Shared = new(() => new SseMetrics(new Meter(MeterName)));

    private SseMetrics(Meter meter)
    {
        OpenStreams = meter.CreateUpDownCounter<long>("ssegen.streams.open", "{stream}", "SSE streams open now, per endpoint.");
        EventsSent = meter.CreateCounter<long>("ssegen.events.sent", "{event}", "SSE events written to clients, per endpoint.");
        BytesSent = meter.CreateCounter<long>("ssegen.bytes.sent", "By", "Bytes of SSE frames written to clients, per endpoint.");
        StreamDuration = meter.CreateHistogram<double>("ssegen.stream.duration", "s", "How long SSE streams stayed open, per endpoint and end reason.");
        StreamsEnded = meter.CreateCounter<long>("ssegen.streams.ended", "{stream}",
            "SSE streams ended, per endpoint and reason: completed, client_gone, cancelled, write_timeout, failed, limit.");
        EventsDropped = meter.CreateCounter<long>("ssegen.events.dropped", "{event}",
            "Broadcast events a slow subscriber never got, per slow-subscriber policy (drop-oldest, end-stream).");
    }

    public UpDownCounter<long> OpenStreams { get; }

    public Counter<long> EventsSent { get; }

    public Counter<long> BytesSent { get; }

    public Histogram<double> StreamDuration { get; }

    public Counter<long> StreamsEnded { get; }

    public Counter<long> EventsDropped { get; }

    /// <summary>The instruments of the app's meter factory, or of one process-wide meter when there is none.</summary>
    public static SseMetrics For(IMeterFactory? factory) =>
        factory is null ? Shared.Value : ByFactory.GetValue(factory, static f => new SseMetrics(f.Create(MeterName)));

    public static KeyValuePair<string, object?> Endpoint(string endpoint) => new(EndpointTag, endpoint);

    public void Ended(string endpoint, SseStreamEndReason reason, double seconds)
    {
        var tags = new TagList { { EndpointTag, endpoint }, { ReasonTag, reason.Name() } };
        // The duration first: whoever watches for the end finds the duration already recorded.
        StreamDuration.Record(seconds, tags);
        StreamsEnded.Add(1, tags);
    }
}
