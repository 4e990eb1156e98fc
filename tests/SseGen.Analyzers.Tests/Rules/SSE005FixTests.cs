using System.Threading.Tasks;
using Xunit;
using Verify = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.UnboundedBufferAnalyzer,
    SseGen.CodeFixes.UnboundedBufferCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>
/// SSE005's fix: <c>Channel.CreateBounded</c> with a capacity constant. The harness checks that the
/// fixed code compiles without a warning and reports nothing, and runs Fix All on each case too.
/// </summary>
public sealed class SSE005FixTests
{
    private static Task Fix(string source, string fixedSource) =>
        Verify.VerifyCodeFixAsync(SSE005Tests.Usings + source + SSE005Tests.Sources, SSE005Tests.Usings + fixedSource + SSE005Tests.Sources);

    [Theory]
    [InlineData("Channel.CreateUnbounded<int>()")]
    [InlineData("Channel.CreateUnbounded<int>(new UnboundedChannelOptions())")]
    public Task Handler_that_cannot_wait_gets_DropOldest(string creation) => Fix($$"""
        public static class Ticks
        {
            [SseEndpoint("/ticks")]
            public static async IAsyncEnumerable<int> Stream(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var channel = {|SSE005:{{creation}}|};
                ticker.Tick += (_, value) => channel.Writer.TryWrite(value);
                await foreach (var value in channel.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return value;
                }
            }
        }
        """, """
        public static class Ticks
        {
            private const int ChannelCapacity = 100;

            [SseEndpoint("/ticks")]
            public static async IAsyncEnumerable<int> Stream(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var channel = Channel.CreateBounded<int>(new BoundedChannelOptions(ChannelCapacity) { FullMode = BoundedChannelFullMode.DropOldest });
                ticker.Tick += (_, value) => channel.Writer.TryWrite(value);
                await foreach (var value in channel.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return value;
                }
            }
        }
        """);

    [Fact]
    public Task Producer_whose_every_write_is_an_awaited_WriteAsync_gets_Wait() => Fix("""
        public static class Numbers
        {
            private static int s_count;

            [SseEndpoint("/numbers")]
            public static async IAsyncEnumerable<int> Stream()
            {
                var numbers = {|SSE005:Channel.CreateUnbounded<int>()|};
                _ = Task.Run(async () =>
                {
                    for (var i = 0; i < 1_000_000; i++)
                    {
                        await numbers.Writer.WriteAsync(i).ConfigureAwait(false);
                    }

                    numbers.Writer.Complete();
                });
                await foreach (var number in numbers.Reader.ReadAllAsync())
                {
                    s_count++;
                    yield return number;
                }
            }
        }
        """, """
        public static class Numbers
        {
            private static int s_count;

            private const int NumbersCapacity = 100;

            [SseEndpoint("/numbers")]
            public static async IAsyncEnumerable<int> Stream()
            {
                var numbers = Channel.CreateBounded<int>(new BoundedChannelOptions(NumbersCapacity) { FullMode = BoundedChannelFullMode.Wait });
                _ = Task.Run(async () =>
                {
                    for (var i = 0; i < 1_000_000; i++)
                    {
                        await numbers.Writer.WriteAsync(i).ConfigureAwait(false);
                    }

                    numbers.Writer.Complete();
                });
                await foreach (var number in numbers.Reader.ReadAllAsync())
                {
                    s_count++;
                    yield return number;
                }
            }
        }
        """);

    [Fact]
    public Task Options_are_carried_over_and_the_constant_name_is_unique() => Fix("""
        public sealed class Topics(IBus bus)
        {
            public const int UpdatesCapacity = 8;

            /// <summary>Follows a topic.</summary>
            [SseEndpoint("/topics/{topic}")]
            public async IAsyncEnumerable<string> Follow(string topic, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var updates = {|SSE005:Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false })|};
                using var subscription = bus.Subscribe(topic, message => updates.Writer.TryWrite(message));
                await foreach (var message in updates.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return message;
                }
            }
        }
        """, """
        public sealed class Topics(IBus bus)
        {
            public const int UpdatesCapacity = 8;

            private const int UpdatesCapacity1 = 100;

            /// <summary>Follows a topic.</summary>
            [SseEndpoint("/topics/{topic}")]
            public async IAsyncEnumerable<string> Follow(string topic, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var updates = Channel.CreateBounded<string>(new BoundedChannelOptions(UpdatesCapacity1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
                using var subscription = bus.Subscribe(topic, message => updates.Writer.TryWrite(message));
                await foreach (var message in updates.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return message;
                }
            }
        }
        """);

    [Fact]
    public Task Field_initializer_is_bounded_where_it_is_declared() => Fix("""
        public static class Notifications
        {
            private static readonly Channel<string> s_pending = Channel.CreateUnbounded<string>();

            public static void Publish(string message) => s_pending.Writer.TryWrite(message);

            [SseEndpoint("/notifications")]
            public static async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await foreach (var message in {|SSE005:s_pending.Reader.ReadAllAsync(cancellationToken)|})
                {
                    yield return message;
                }
            }
        }
        """, """
        public static class Notifications
        {
            private const int PendingCapacity = 100;

            private static readonly Channel<string> s_pending = Channel.CreateBounded<string>(new BoundedChannelOptions(PendingCapacity) { FullMode = BoundedChannelFullMode.DropOldest });

            public static void Publish(string message) => s_pending.Writer.TryWrite(message);

            [SseEndpoint("/notifications")]
            public static async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await foreach (var message in s_pending.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return message;
                }
            }
        }
        """);

    [Fact]
    public Task Two_endpoints_of_one_type_with_the_same_local_name_get_a_constant_each() => Fix("""
        public static class Ticks
        {
            [SseEndpoint("/ticks")]
            public static async IAsyncEnumerable<int> Stream(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var channel = {|SSE005:Channel.CreateUnbounded<int>()|};
                ticker.Tick += (_, value) => channel.Writer.TryWrite(value);
                await foreach (var value in channel.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return value;
                }
            }

            [SseEndpoint("/ticks/doubled")]
            public static IAsyncEnumerable<int> Doubled(Ticker ticker, CancellationToken cancellationToken)
            {
                var channel = {|SSE005:Channel.CreateUnbounded<int>()|};
                ticker.Tick += (_, value) => channel.Writer.TryWrite(value * 2);
                return channel.Reader.ReadAllAsync(cancellationToken);
            }
        }
        """, """
        public static class Ticks
        {
            private const int StreamChannelCapacity = 100;

            [SseEndpoint("/ticks")]
            public static async IAsyncEnumerable<int> Stream(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var channel = Channel.CreateBounded<int>(new BoundedChannelOptions(StreamChannelCapacity) { FullMode = BoundedChannelFullMode.DropOldest });
                ticker.Tick += (_, value) => channel.Writer.TryWrite(value);
                await foreach (var value in channel.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return value;
                }
            }

            private const int DoubledChannelCapacity = 100;

            [SseEndpoint("/ticks/doubled")]
            public static IAsyncEnumerable<int> Doubled(Ticker ticker, CancellationToken cancellationToken)
            {
                var channel = Channel.CreateBounded<int>(new BoundedChannelOptions(DoubledChannelCapacity) { FullMode = BoundedChannelFullMode.DropOldest });
                ticker.Tick += (_, value) => channel.Writer.TryWrite(value * 2);
                return channel.Reader.ReadAllAsync(cancellationToken);
            }
        }
        """);

    [Fact]
    public Task Field_and_local_of_the_same_name_keep_the_field_constant_plain() => Fix("""
        public static class Relay
        {
            private static readonly Channel<int> s_channel = Channel.CreateUnbounded<int>();

            public static void Publish(int value) => s_channel.Writer.TryWrite(value);

            [SseEndpoint("/relay")]
            public static async IAsyncEnumerable<int> Stream(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var channel = {|SSE005:Channel.CreateUnbounded<int>()|};
                ticker.Tick += (_, value) => channel.Writer.TryWrite(value);
                await foreach (var value in {|SSE005:s_channel.Reader.ReadAllAsync(cancellationToken)|})
                {
                    yield return value;
                    if (channel.Reader.TryRead(out var tick))
                    {
                        yield return tick;
                    }
                }
            }
        }
        """, """
        public static class Relay
        {
            private const int ChannelCapacity = 100;

            private static readonly Channel<int> s_channel = Channel.CreateBounded<int>(new BoundedChannelOptions(ChannelCapacity) { FullMode = BoundedChannelFullMode.DropOldest });

            public static void Publish(int value) => s_channel.Writer.TryWrite(value);

            private const int StreamChannelCapacity = 100;

            [SseEndpoint("/relay")]
            public static async IAsyncEnumerable<int> Stream(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var channel = Channel.CreateBounded<int>(new BoundedChannelOptions(StreamChannelCapacity) { FullMode = BoundedChannelFullMode.DropOldest });
                ticker.Tick += (_, value) => channel.Writer.TryWrite(value);
                await foreach (var value in s_channel.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return value;
                    if (channel.Reader.TryRead(out var tick))
                    {
                        yield return tick;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task No_fix_where_the_shape_has_none() => Fix(NoFixShapes, NoFixShapes);

    /// <summary>Options in a field, and a queue: the fix offers nothing, so the code stays as it is.</summary>
    private const string NoFixShapes = """
        public static class Ticks
        {
            private static readonly UnboundedChannelOptions s_options = new() { SingleReader = true };

            [SseEndpoint("/ticks")]
            public static async IAsyncEnumerable<int> Stream(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var channel = {|SSE005:Channel.CreateUnbounded<int>(s_options)|};
                var queue = {|SSE005:new ConcurrentQueue<int>()|};
                ticker.Tick += (_, value) => { channel.Writer.TryWrite(value); queue.Enqueue(value); };
                await foreach (var value in channel.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return value;
                    if (queue.TryDequeue(out var queued))
                    {
                        yield return queued;
                    }
                }
            }
        }
        """;
}
