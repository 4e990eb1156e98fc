using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.UnboundedBufferAnalyzer,
    SseGen.CodeFixes.UnboundedBufferCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>
/// SSE005: an unbounded buffer between a source the stream does not pace and the stream that reads
/// it item by item. Each shape of the spec, with the message's three parts checked: the buffer as
/// written, where it is filled from, the endpoint.
/// </summary>
public sealed class SSE005Tests
{
    internal const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using SseGen;

        """;

    /// <summary>Sources the tests subscribe to, as a DI service would offer them.</summary>
    internal const string Sources = """

        public sealed class Ticker
        {
            public event EventHandler<int>? Tick;
            public void Raise(int value) => Tick?.Invoke(this, value);
        }

        public interface IBus
        {
            IDisposable Subscribe(string topic, Action<string> onMessage);
        }

        public sealed class Hub
        {
            private readonly List<ChannelWriter<string>> _writers = new();
            public void Add(ChannelWriter<string> writer) { lock (_writers) _writers.Add(writer); }
            public void Remove(ChannelWriter<string> writer) { lock (_writers) _writers.Remove(writer); }
        }
        """;

    /// <summary>Expects one SSE005 at <c>{|#0:…|}</c> with exactly these message arguments.</summary>
    /// <remarks>A fixable field's channel is reported where the stream reads it; its creation, marked <c>{|#1:…|}</c>, is the additional location the fix edits.</remarks>
    private static Task Flags(string source, string buffer, string filledFrom, string endpoint)
    {
        var test = new Verify.Test { TestCode = Usings + source + Sources };
        var expected = new DiagnosticResult("SSE005", DiagnosticSeverity.Warning).WithLocation(0);
        if (source.Contains("{|#1:", System.StringComparison.Ordinal))
        {
            expected = expected.WithLocation(1);
        }

        test.ExpectedDiagnostics.Add(expected.WithArguments(buffer, filledFrom, endpoint));
        return test.RunAsync();
    }

    [Fact]
    public Task Channel_filled_by_an_event_handler() => Flags("""
        public static class Ticks
        {
            [SseEndpoint("/ticks")]
            public static async IAsyncEnumerable<int> Stream(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var channel = {|#0:Channel.CreateUnbounded<int>()|};
                EventHandler<int> handler = (_, value) => channel.Writer.TryWrite(value);
                ticker.Tick += handler;
                try
                {
                    await foreach (var value in channel.Reader.ReadAllAsync(cancellationToken))
                    {
                        yield return value;
                    }
                }
                finally
                {
                    ticker.Tick -= handler;
                }
            }
        }
        """, "'Channel.CreateUnbounded<int>()'", "an event handler", "Stream");

    [Fact]
    public Task Channel_filled_by_a_callback_passed_to_Subscribe() => Flags("""
        public static class Topics
        {
            [SseEndpoint("/topics/{topic}")]
            public static async IAsyncEnumerable<string> Follow(string topic, IBus bus, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var updates = {|#0:Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true })|};
                using var subscription = bus.Subscribe(topic, message => updates.Writer.TryWrite(message));
                while (await updates.Reader.WaitToReadAsync(cancellationToken))
                {
                    while (updates.Reader.TryRead(out var message))
                    {
                        yield return message;
                    }
                }
            }
        }
        """, "'Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true })'", "a callback passed to 'Subscribe'", "Follow");

    [Fact]
    public Task Channel_filled_by_a_Task_Run_producer_in_an_endpoint_without_a_token() => Flags("""
        public static class Numbers
        {
            [SseEndpoint("/numbers")]
            public static async IAsyncEnumerable<int> Count()
            {
                var channel = {|#0:Channel.CreateUnbounded<int>()|};
                _ = Task.Run(async () =>
                {
                    for (var i = 0; ; i++)
                    {
                        await channel.Writer.WriteAsync(i);
                    }
                });
                while (true)
                {
                    yield return await channel.Reader.ReadAsync();
                }
            }
        }
        """, "'Channel.CreateUnbounded<int>()'", "a background task", "Count");

    [Fact]
    public Task Writer_handed_to_another_object() => Flags("""
        public static class Chat
        {
            [SseEndpoint("/chat")]
            public static async IAsyncEnumerable<string> Messages(Hub hub, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var inbox = {|#0:Channel.CreateUnbounded<string>()|};
                hub.Add(inbox.Writer);
                try
                {
                    await foreach (var message in inbox.Reader.ReadAllAsync(cancellationToken))
                    {
                        yield return message;
                    }
                }
                finally
                {
                    hub.Remove(inbox.Writer);
                }
            }
        }
        """, "'Channel.CreateUnbounded<string>()'", "code it is handed to ('Add')", "Messages");

    [Fact]
    public Task Channel_stored_in_a_dictionary_of_subscribers() => Flags("""
        public static class Rooms
        {
            private static readonly ConcurrentDictionary<Guid, Channel<string>> s_subscribers = new();

            public static void Broadcast(string message)
            {
                foreach (var subscriber in s_subscribers.Values)
                {
                    subscriber.Writer.TryWrite(message);
                }
            }

            [SseEndpoint("/rooms")]
            public static async IAsyncEnumerable<string> Join([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var id = Guid.NewGuid();
                var channel = {|#0:Channel.CreateUnbounded<string>()|};
                s_subscribers[id] = channel;
                try
                {
                    await foreach (var message in channel.Reader.ReadAllAsync(cancellationToken))
                    {
                        yield return message;
                    }
                }
                finally
                {
                    s_subscribers.TryRemove(id, out _);
                }
            }
        }
        """, "'Channel.CreateUnbounded<string>()'", "code it is handed to ('s_subscribers')", "Join");

    [Fact]
    public Task Channel_filled_by_a_local_function_started_without_being_awaited() => Flags("""
        public static class Countdown
        {
            [SseEndpoint("/countdown/{from}")]
            public static async IAsyncEnumerable<int> Run(int from, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var channel = {|#0:Channel.CreateUnbounded<int>()|};
                _ = PumpAsync();
                await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return item;
                }

                async Task PumpAsync()
                {
                    for (var i = from; i >= 0; i--)
                    {
                        channel.Writer.TryWrite(i);
                        await Task.Delay(10);
                    }

                    channel.Writer.Complete();
                }
            }
        }
        """, "'Channel.CreateUnbounded<int>()'", "'PumpAsync' (started without being awaited)", "Run");

    [Fact]
    public Task ConcurrentQueue_filled_by_a_handler_and_dequeued_with_a_yield_in_the_loop() => Flags("""
        public static class Ticks
        {
            [SseEndpoint("/ticks")]
            public static async IAsyncEnumerable<int> Stream(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var queue = {|#0:new ConcurrentQueue<int>()|};
                ticker.Tick += (_, value) => queue.Enqueue(value);
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(100, cancellationToken);
                    while (queue.TryDequeue(out var value))
                    {
                        yield return value;
                    }
                }
            }
        }
        """, "'new ConcurrentQueue<int>()'", "an event handler", "Stream");

    [Fact]
    public Task BlockingCollection_target_typed_filled_by_a_timer_and_consumed() => Flags("""
        public static class Clock
        {
            [SseEndpoint("/clock")]
            public static async IAsyncEnumerable<DateTime> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                using BlockingCollection<DateTime> times = {|#0:new()|};
                await using var timer = new Timer(_ => times.Add(DateTime.UtcNow), null, 0, 1000);
                foreach (var time in times.GetConsumingEnumerable(cancellationToken))
                {
                    yield return time;
                }
            }
        }
        """, "'new()'", "a timer callback", "Stream");

    [Fact]
    public Task Field_held_channel_written_by_another_member() => Flags("""
        public static class Notifications
        {
            private static readonly Channel<string> s_pending = {|#1:Channel.CreateUnbounded<string>()|};

            public static void Publish(string message) => s_pending.Writer.TryWrite(message);

            [SseEndpoint("/notifications")]
            public static async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await foreach (var message in {|#0:s_pending.Reader.ReadAllAsync(cancellationToken)|})
                {
                    yield return message;
                }
            }
        }
        """, "'s_pending'", "'Publish' outside the stream", "Stream");

    [Fact]
    public Task Queue_of_an_injected_service_filled_by_a_handler_its_constructor_subscribes() => Flags("""
        public sealed class Feed
        {
            public readonly ConcurrentQueue<int> Pending;

            public Feed(Ticker ticker)
            {
                Pending = new ConcurrentQueue<int>();
                ticker.Tick += (_, value) => Pending.Enqueue(value);
            }
        }

        public static class Ticks
        {
            [SseEndpoint("/ticks")]
            public static async IAsyncEnumerable<int> Stream(Feed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                while (true)
                {
                    await Task.Delay(100, cancellationToken);
                    if ({|#0:feed.Pending.TryDequeue(out var value)|})
                    {
                        yield return value;
                    }
                }
            }
        }
        """, "'Pending'", "the constructor of 'Feed'", "Stream");

    [Fact]
    public Task Reader_returned_by_a_method_that_feeds_it_from_a_handler() => Flags("""
        public static class Prices
        {
            private static ChannelReader<int> Subscribe(Ticker ticker)
            {
                var channel = Channel.CreateUnbounded<int>();
                ticker.Tick += (_, price) => channel.Writer.TryWrite(price);
                return channel.Reader;
            }

            [SseEndpoint("/prices")]
            public static async IAsyncEnumerable<int> Stream(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var prices = {|#0:Subscribe(ticker)|};
                await foreach (var price in prices.ReadAllAsync(cancellationToken))
                {
                    yield return price;
                }
            }
        }
        """, "'Channel.CreateUnbounded<int>()' in 'Subscribe'", "an event handler", "Stream");

    [Fact]
    public Task Sequence_returned_by_a_method_that_feeds_it_from_a_callback() => Flags("""
        public static class Topics
        {
            private static IAsyncEnumerable<string> Listen(IBus bus, string topic)
            {
                var channel = Channel.CreateUnbounded<string>();
                bus.Subscribe(topic, message => channel.Writer.TryWrite(message));
                return channel.Reader.ReadAllAsync();
            }

            [SseEndpoint("/topics/{topic}")]
            public static async IAsyncEnumerable<string> Follow(string topic, IBus bus, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await foreach (var message in {|#0:Listen(bus, topic)|}.WithCancellation(cancellationToken))
                {
                    yield return message;
                }
            }
        }
        """, "'Channel.CreateUnbounded<string>()' in 'Listen'", "a callback passed to 'Subscribe'", "Follow");

    [Fact]
    public Task Non_iterator_endpoint_returning_the_readers_items() => Flags("""
        public static class Log
        {
            [SseEndpoint("/log")]
            public static IAsyncEnumerable<int> Tail(Ticker ticker, CancellationToken cancellationToken)
            {
                var lines = {|#0:Channel.CreateUnbounded<int>()|};
                ticker.Tick += (_, line) => lines.Writer.TryWrite(line);
                return lines.Reader.ReadAllAsync(cancellationToken);
            }
        }
        """, "'Channel.CreateUnbounded<int>()'", "an event handler", "Tail");

    [Fact]
    public Task List_filled_by_a_handler_and_walked_with_a_yield() => Flags("""
        public sealed class History(Ticker ticker)
        {
            private readonly List<int> _seen = new();

            public void Start() => ticker.Tick += (_, value) => { lock (_seen) _seen.Add(value); };

            [SseEndpoint("/history")]
            public async IAsyncEnumerable<int> Replay([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Yield();
                foreach (var value in {|#0:_seen|})
                {
                    yield return value;
                }
            }
        }
        """, "'_seen'", "'Start' outside the stream", "Replay");
}
