using System.Threading.Tasks;
using Xunit;
using Verify = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.UnboundedBufferAnalyzer,
    SseGen.CodeFixes.UnboundedBufferCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>SSE005's precision: buffers that look alike but cannot grow behind the stream's back.</summary>
public sealed class SSE005CleanTests
{
    private static Task Clean(string source) => Verify.VerifyAnalyzerAsync(SSE005Tests.Usings + source + SSE005Tests.Sources);

    [Fact]
    public Task Bounded_channel_and_bounded_BlockingCollection() => Clean("""
        public static class Ticks
        {
            [SseEndpoint("/ticks")]
            public static async IAsyncEnumerable<int> Stream(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var channel = Channel.CreateBounded<int>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
                ticker.Tick += (_, value) => channel.Writer.TryWrite(value);
                await foreach (var value in channel.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return value;
                }
            }

            [SseEndpoint("/ticks/blocking")]
            public static async IAsyncEnumerable<int> Blocking(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                using var values = new BlockingCollection<int>(new ConcurrentQueue<int>(), boundedCapacity: 100);
                ticker.Tick += (_, value) => values.TryAdd(value);
                await Task.Yield();
                foreach (var value in values.GetConsumingEnumerable(cancellationToken))
                {
                    yield return value;
                }
            }
        }
        """);

    [Fact]
    public Task Queue_drained_completely_into_a_batch_before_the_yield() => Clean("""
        public static class Ticks
        {
            [SseEndpoint("/ticks")]
            public static async IAsyncEnumerable<IReadOnlyList<int>> Batches(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var queue = new ConcurrentQueue<int>();
                ticker.Tick += (_, value) => queue.Enqueue(value);
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(1000, cancellationToken);
                    var batch = new List<int>();
                    while (queue.TryDequeue(out var value))
                    {
                        batch.Add(value);
                    }

                    yield return batch;
                }
            }
        }
        """);

    [Fact]
    public Task Channel_drained_with_TryRead_before_the_yield() => Clean("""
        public static class Ticks
        {
            [SseEndpoint("/ticks")]
            public static async IAsyncEnumerable<int> Sums(Ticker ticker)
            {
                var channel = Channel.CreateUnbounded<int>();
                ticker.Tick += (_, value) => channel.Writer.TryWrite(value);
                while (true)
                {
                    await Task.Delay(1000);
                    var sum = 0;
                    while (channel.Reader.TryRead(out var value))
                    {
                        sum += value;
                    }

                    yield return sum;
                }
            }
        }
        """);

    [Fact]
    public Task Snapshot_and_clear_of_a_list_a_handler_fills() => Clean("""
        public sealed class Recent(Ticker ticker)
        {
            private List<int> _pending = new();

            public void Start() => ticker.Tick += (_, value) => { lock (this) _pending.Add(value); };

            [SseEndpoint("/recent")]
            public async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var local = new List<int>();
                ticker.Tick += (_, value) => { lock (local) local.Add(value); };
                while (true)
                {
                    await Task.Delay(1000, cancellationToken);
                    int[] snapshot;
                    lock (local)
                    {
                        snapshot = local.ToArray();
                        local.Clear();
                    }

                    foreach (var value in snapshot)
                    {
                        yield return value;
                    }

                    foreach (var value in Interlocked.Exchange(ref _pending, new List<int>()))
                    {
                        yield return value;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task List_and_queue_filled_by_the_stream_itself_and_its_synchronous_helpers() => Clean("""
        public static class Report
        {
            private static Task<int> ComputeAsync(int i, CancellationToken cancellationToken) => Task.FromResult(i * i);

            private static void AddCubes(Queue<int> queue)
            {
                for (var i = 0; i < 10; i++)
                {
                    queue.Enqueue(i * i * i);
                }
            }

            [SseEndpoint("/report")]
            public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var squares = new List<int>();
                for (var i = 0; i < 10; i++)
                {
                    squares.Add(await ComputeAsync(i, cancellationToken));
                }

                var queue = new Queue<int>();
                squares.ForEach(square => queue.Enqueue(square + 1));
                AddCubes(queue);
                foreach (var square in squares)
                {
                    yield return square;
                }

                while (queue.TryDequeue(out var next))
                {
                    yield return next;
                }
            }
        }
        """);

    [Fact]
    public Task Producer_awaited_to_completion_before_reading() => Clean("""
        public static class Numbers
        {
            [SseEndpoint("/numbers")]
            public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var channel = Channel.CreateUnbounded<int>();
                await Task.Run(() =>
                {
                    for (var i = 0; i < 10; i++)
                    {
                        channel.Writer.TryWrite(i);
                    }
                }, cancellationToken);
                await FillAsync(channel.Writer);
                channel.Writer.Complete();
                await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return item;
                }

                async Task FillAsync(ChannelWriter<int> writer)
                {
                    for (var i = 10; i < 20; i++)
                    {
                        await writer.WriteAsync(i, cancellationToken);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Buffer_the_stream_never_reads() => Clean("""
        public static class Ticks
        {
            private static readonly ConcurrentQueue<int> s_audit = new();

            public static void Record(int value) => s_audit.Enqueue(value);

            [SseEndpoint("/ticks")]
            public static async IAsyncEnumerable<int> Count(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var seen = Channel.CreateUnbounded<int>();
                ticker.Tick += (_, value) => seen.Writer.TryWrite(value);
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(1000, cancellationToken);
                    yield return seen.Reader.Count + s_audit.Count;
                }
            }
        }
        """);

    [Fact]
    public Task Field_buffer_only_the_stream_writes_and_a_method_that_returns_a_bounded_reader() => Clean("""
        public static class Cache
        {
            private static readonly List<int> s_warm = new() { 1, 2, 3 };

            private static ChannelReader<int> Subscribe(Ticker ticker)
            {
                var channel = Channel.CreateBounded<int>(10);
                ticker.Tick += (_, value) => channel.Writer.TryWrite(value);
                return channel.Reader;
            }

            [SseEndpoint("/cache")]
            public static async IAsyncEnumerable<int> Stream(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                lock (s_warm)
                {
                    s_warm.Add(4);
                }

                foreach (var value in s_warm)
                {
                    yield return value;
                }

                await foreach (var value in Subscribe(ticker).ReadAllAsync(cancellationToken))
                {
                    yield return value;
                }
            }
        }
        """);
}
