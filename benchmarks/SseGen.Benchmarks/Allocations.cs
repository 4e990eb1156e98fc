using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using SseGen.Infrastructure;

namespace SseGen.Benchmarks;

internal sealed record AllocationResult(string Code, string Owner, double BytesPerEvent);

/// <summary>
/// Bytes allocated per event by each formatter alone, in this process, with no socket and no
/// Kestrel: the response is a pipe or stream that discards what it is given. Per event means the
/// steady state: the allocations of a run of 2n events minus those of a run of n, divided by n,
/// so whatever a stream allocates once (its context, enumerator, buffers) cancels out.
/// </summary>
internal static class Allocations
{
    private const string SseGen = "SseGen";

    public static async Task<IReadOnlyList<AllocationResult>> MeasureAsync(Settings settings)
    {
        // As in an app: the source-generated contexts first in the minimal-API JsonOptions, whose
        // ASP.NET Core default Encoder is JavaScriptEncoder.UnsafeRelaxedJsonEscaping.
        var services = Services(defaultEncoder: false);
        // The same with Encoder = null, which lets System.Text.Json use the contexts' fast path.
        var fastPathServices = Services(defaultEncoder: true);
        var n = settings.AllocationEvents;
        var refs = Enumerable.Range(0, 2 * n).Select(i => new TickRef(i, i, i * 0.25)).ToArray();

        var (host, structFormatter) = SseGenFor<Tick>(services);
        var (_, refFormatter) = SseGenFor<TickRef>(services);
        var (fastHost, fastFormatter) = SseGenFor<Tick>(fastPathServices);

        var results = new List<AllocationResult>
        {
            new("SseFrameWriter.WriteJsonEvent, class payload", SseGen, FrameWriterOnly(refFormatter, i => refs[i], n)),
            new("SseEndpointHost.RunAsync (stream loop + frame writer), class payload", SseGen,
                await SlopeAsync(n, count => host.RunAsync(NewContext(services), "bench", Items(refs, count), refFormatter, CancellationToken.None))),
            new("SseChannel<T>.Publish to 1,000 waiting streams (delivery pass, stream loop, flush), per delivery", SseGen,
                await ChannelDeliveryAllocations.MeasureAsync(settings.Quick ? 20 : 200)),
            new("SseFrameWriter.WriteJsonEvent, struct payload, app JsonOptions as ASP.NET Core sets them", "System.Text.Json, called by SseGen",
                FrameWriterOnly(structFormatter, i => new Tick(i, i, i * 0.25), n)),
            new("SseEndpointHost.RunAsync, struct payload, app JsonOptions as ASP.NET Core sets them", "System.Text.Json, called by SseGen",
                await SlopeAsync(n, count => host.RunAsync(NewContext(services), "bench", Items(count), structFormatter, CancellationToken.None))),
            new("SseEndpointHost.RunAsync, struct payload, app JsonOptions with Encoder = null", "SseGen + System.Text.Json fast path",
                await SlopeAsync(n, count => fastHost.RunAsync(NewContext(fastPathServices), "bench", Items(count), fastFormatter, CancellationToken.None))),
            new("ServerSentEventsResult<T>.ExecuteAsync + SseFormatter, struct payload", "ASP.NET Core (built-in)",
                await SlopeAsync(n, count => TypedResults.ServerSentEvents(Items(count)).ExecuteAsync(NewContext(services)))),
            new("ServerSentEventsResult<T>.ExecuteAsync + SseFormatter, class payload", "ASP.NET Core (built-in)",
                await SlopeAsync(n, count => TypedResults.ServerSentEvents(Items(refs, count)).ExecuteAsync(NewContext(services)))),
            new("WriteAsync(\"data: \" + JsonSerializer.Serialize(x) + \"\\n\\n\") + FlushAsync, struct payload", "hand-written app code + ASP.NET Core",
                await SlopeAsync(n, count => HandWrittenAsync(NewContext(services), Items(count)))),
        };
        return results;
    }

    private static ServiceProvider Services(bool defaultEncoder) => new ServiceCollection()
        .AddOptions()
        .ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, BenchJson.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(1, AllocJson.Default);
            if (defaultEncoder)
            {
                o.SerializerOptions.Encoder = null;
            }
        })
        .BuildServiceProvider();

    /// <summary>What the generated <c>MapSseEndpoints()</c> does once per app and endpoint.</summary>
    private static (SseEndpointHost Host, JsonItemFormatter<T> Formatter) SseGenFor<T>(IServiceProvider services)
    {
        var host = SseEndpointHost.Create(services);
        var options = host.CreateJsonOptions(JsonTypeInfoResolver.Combine(BenchJson.Default, AllocJson.Default));
        return (host, new JsonItemFormatter<T>(SseEndpointHost.GetTypeInfo<T>(options)));
    }

    /// <summary>The frame writer on its own, synchronous, so this thread's counter sees every byte.</summary>
    private static double FrameWriterOnly<T>(JsonItemFormatter<T> formatter, Func<int, T> item, int n)
    {
        var writer = new SseFrameWriter(new DiscardPipeWriter(), formatter.JsonWriterOptions);
        for (var i = 0; i < 1000; i++)
        {
            formatter.Write(writer, item(i));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < n; i++)
        {
            formatter.Write(writer, item(i));
            if (writer.UnflushedBytes >= 16 * 1024)
            {
                writer.MarkFlushed();
            }
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n;
    }

    private static async Task<double> SlopeAsync(int n, Func<int, Task> run)
    {
        await run(n);
        await run(2 * n);
        var a0 = GC.GetTotalAllocatedBytes(precise: true);
        await run(n);
        var a1 = GC.GetTotalAllocatedBytes(precise: true);
        await run(2 * n);
        var a2 = GC.GetTotalAllocatedBytes(precise: true);
        return Math.Max(0, ((a2 - a1) - (a1 - a0)) / (double)n);
    }

    private static async IAsyncEnumerable<Tick> Items(int n, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < n; i++)
        {
            yield return new Tick(i, i, i * 0.25);
        }

        await Task.CompletedTask.WaitAsync(cancellationToken);
    }

    private static async IAsyncEnumerable<TickRef> Items(TickRef[] items, int n, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < n; i++)
        {
            yield return items[i];
        }

        await Task.CompletedTask.WaitAsync(cancellationToken);
    }

    private static async Task HandWrittenAsync(HttpContext context, IAsyncEnumerable<Tick> items)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        await foreach (var tick in items)
        {
            await response.WriteAsync("data: " + JsonSerializer.Serialize(tick, BenchJson.Default.Tick) + "\n\n");
            await response.Body.FlushAsync();
        }
    }

    private static DefaultHttpContext NewContext(IServiceProvider services)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Features.Set<IHttpResponseBodyFeature>(new DiscardBodyFeature());
        return context;
    }

    /// <summary>A response body that throws every byte away without allocating.</summary>
    private sealed class DiscardBodyFeature : IHttpResponseBodyFeature
    {
        public Stream Stream => Stream.Null;

        public PipeWriter Writer { get; } = new DiscardPipeWriter();

        public void DisableBuffering()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteAsync() => Task.CompletedTask;
    }

    private sealed class DiscardPipeWriter : PipeWriter
    {
        private byte[] _buffer = new byte[64 * 1024];

        public override void Advance(int bytes)
        {
        }

        public override Memory<byte> GetMemory(int sizeHint = 0)
        {
            if (sizeHint > _buffer.Length)
            {
                _buffer = new byte[sizeHint];
            }

            return _buffer;
        }

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => new(new FlushResult(false, false));

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }
    }
}

/// <summary>The payload as a class: serializing it boxes nothing, so what remains is the SSE path's own.</summary>
public sealed record TickRef(long Seq, long Ts, double Value);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TickRef))]
internal sealed partial class AllocJson : JsonSerializerContext;
