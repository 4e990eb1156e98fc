using System.Threading.Tasks;
using Xunit;
using Verify = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.UnreleasedResourceAnalyzer,
    SseGen.CodeFixes.UnreleasedResourceCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>SSE003: what an endpoint acquires it releases on every exit path.</summary>
public sealed class SSE003Tests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using SseGen;

        public interface IPriceFeed
        {
            event EventHandler<decimal> PriceChanged;
        }

        """;

    public sealed class Flags
    {
        [Fact]
        public Task Event_subscription_never_removed() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Prices
            {
                [SseEndpoint("/prices")]
                public static async IAsyncEnumerable<decimal> Stream(IPriceFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var channel = Channel.CreateUnbounded<decimal>();
                    EventHandler<decimal> onPrice = (_, price) => channel.Writer.TryWrite(price);
                    {|SSE003:feed.PriceChanged += onPrice|};
                    await foreach (var price in channel.Reader.ReadAllAsync(cancellationToken))
                    {
                        yield return price;
                    }
                }
            }
            """, Usings + """
            public static class Prices
            {
                [SseEndpoint("/prices")]
                public static async IAsyncEnumerable<decimal> Stream(IPriceFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var channel = Channel.CreateUnbounded<decimal>();
                    EventHandler<decimal> onPrice = (_, price) => channel.Writer.TryWrite(price);
                    feed.PriceChanged += onPrice;
                    try
                    {
                        await foreach (var price in channel.Reader.ReadAllAsync(cancellationToken))
                        {
                            yield return price;
                        }
                    }
                    finally
                    {
                        feed.PriceChanged -= onPrice;
                    }
                }
            }
            """);

        [Fact]
        public Task Event_removed_after_the_loop_but_not_in_finally() => Verify.VerifyCodeFixAsync(Usings + """
            public sealed class Prices
            {
                private readonly Channel<decimal> _channel = Channel.CreateUnbounded<decimal>();

                [SseEndpoint("/prices")]
                public async IAsyncEnumerable<decimal> Stream(IPriceFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    {|SSE003:feed.PriceChanged += OnPrice|};
                    await foreach (var price in _channel.Reader.ReadAllAsync(cancellationToken))
                    {
                        yield return price;
                    }

                    feed.PriceChanged -= OnPrice;
                }

                private void OnPrice(object? sender, decimal price) => _channel.Writer.TryWrite(price);
            }
            """, Usings + """
            public sealed class Prices
            {
                private readonly Channel<decimal> _channel = Channel.CreateUnbounded<decimal>();

                [SseEndpoint("/prices")]
                public async IAsyncEnumerable<decimal> Stream(IPriceFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    feed.PriceChanged += OnPrice;
                    try
                    {
                        await foreach (var price in _channel.Reader.ReadAllAsync(cancellationToken))
                        {
                            yield return price;
                        }
                    }
                    finally
                    {
                        feed.PriceChanged -= OnPrice;
                    }
                }

                private void OnPrice(object? sender, decimal price) => _channel.Writer.TryWrite(price);
            }
            """);

        [Fact]
        public Task Lambda_handler_cannot_be_removed_and_is_reported_without_a_fix() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Prices
            {
                [SseEndpoint("/prices")]
                public static async IAsyncEnumerable<decimal> Stream(IPriceFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var channel = Channel.CreateUnbounded<decimal>();
                    {|SSE003:feed.PriceChanged += (_, price) => channel.Writer.TryWrite(price)|};
                    await foreach (var price in channel.Reader.ReadAllAsync(cancellationToken))
                    {
                        yield return price;
                    }
                }
            }
            """);

        [Fact]
        public Task PeriodicTimer_never_disposed() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Clock
            {
                [SseEndpoint("/clock")]
                public static async IAsyncEnumerable<DateTimeOffset> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var timer = {|SSE003:new PeriodicTimer(TimeSpan.FromSeconds(1))|};
                    while (await timer.WaitForNextTickAsync(cancellationToken))
                    {
                        yield return DateTimeOffset.UtcNow;
                    }
                }
            }
            """, Usings + """
            public static class Clock
            {
                [SseEndpoint("/clock")]
                public static async IAsyncEnumerable<DateTimeOffset> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                    while (await timer.WaitForNextTickAsync(cancellationToken))
                    {
                        yield return DateTimeOffset.UtcNow;
                    }
                }
            }
            """);

        [Fact]
        public Task Linked_token_source_never_disposed() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Deadline
            {
                [SseEndpoint("/deadline")]
                public static async IAsyncEnumerable<int> Stream(ChannelReader<int> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var cts = {|SSE003:CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)|};
                    cts.CancelAfter(TimeSpan.FromMinutes(5));
                    await foreach (var item in reader.ReadAllAsync(cts.Token))
                    {
                        yield return item;
                    }
                }
            }
            """, Usings + """
            public static class Deadline
            {
                [SseEndpoint("/deadline")]
                public static async IAsyncEnumerable<int> Stream(ChannelReader<int> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    cts.CancelAfter(TimeSpan.FromMinutes(5));
                    await foreach (var item in reader.ReadAllAsync(cts.Token))
                    {
                        yield return item;
                    }
                }
            }
            """);

        [Fact]
        public Task Token_registration_discarded() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Jobs
            {
                [SseEndpoint("/jobs")]
                public static async IAsyncEnumerable<string> Stream(Channel<string> jobs, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    {|SSE003:cancellationToken.Register(() => jobs.Writer.TryComplete())|};
                    await foreach (var job in jobs.Reader.ReadAllAsync(cancellationToken))
                    {
                        yield return job;
                    }
                }
            }
            """, Usings + """
            public static class Jobs
            {
                [SseEndpoint("/jobs")]
                public static async IAsyncEnumerable<string> Stream(Channel<string> jobs, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    using var registration = cancellationToken.Register(() => jobs.Writer.TryComplete());
                    await foreach (var job in jobs.Reader.ReadAllAsync(cancellationToken))
                    {
                        yield return job;
                    }
                }
            }
            """);

        [Fact]
        public Task Subscription_disposed_only_on_the_happy_path() => Verify.VerifyCodeFixAsync(Usings + """
            public sealed class Forwarder(ChannelWriter<int> writer) : IObserver<int>
            {
                public void OnCompleted() => writer.TryComplete();
                public void OnError(Exception error) => writer.TryComplete(error);
                public void OnNext(int value) => writer.TryWrite(value);
            }

            public static class Readings
            {
                [SseEndpoint("/readings")]
                public static async IAsyncEnumerable<int> Stream(IObservable<int> sensor, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var channel = Channel.CreateUnbounded<int>();
                    var subscription = {|SSE003:sensor.Subscribe(new Forwarder(channel.Writer))|};
                    await foreach (var reading in channel.Reader.ReadAllAsync(cancellationToken))
                    {
                        yield return reading;
                    }

                    subscription.Dispose();
                }
            }
            """, Usings + """
            public sealed class Forwarder(ChannelWriter<int> writer) : IObserver<int>
            {
                public void OnCompleted() => writer.TryComplete();
                public void OnError(Exception error) => writer.TryComplete(error);
                public void OnNext(int value) => writer.TryWrite(value);
            }

            public static class Readings
            {
                [SseEndpoint("/readings")]
                public static async IAsyncEnumerable<int> Stream(IObservable<int> sensor, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var channel = Channel.CreateUnbounded<int>();
                    using var subscription = sensor.Subscribe(new Forwarder(channel.Writer));
                    await foreach (var reading in channel.Reader.ReadAllAsync(cancellationToken))
                    {
                        yield return reading;
                    }
                }
            }
            """);

        [Fact]
        public Task Discarded_ITimer_from_TimeProvider() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Ticks
            {
                [SseEndpoint("/ticks")]
                public static async IAsyncEnumerable<long> Stream(TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var ticks = Channel.CreateUnbounded<long>();
                    _ = {|SSE003:time.CreateTimer(_ => ticks.Writer.TryWrite(time.GetTimestamp()), null, TimeSpan.Zero, TimeSpan.FromSeconds(1))|};
                    await foreach (var tick in ticks.Reader.ReadAllAsync(cancellationToken))
                    {
                        yield return tick;
                    }
                }
            }
            """, Usings + """
            public static class Ticks
            {
                [SseEndpoint("/ticks")]
                public static async IAsyncEnumerable<long> Stream(TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var ticks = Channel.CreateUnbounded<long>();
                    using var timer = time.CreateTimer(_ => ticks.Writer.TryWrite(time.GetTimestamp()), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
                    await foreach (var tick in ticks.Reader.ReadAllAsync(cancellationToken))
                    {
                        yield return tick;
                    }
                }
            }
            """);

        [Fact]
        public Task Async_only_disposable_gets_await_using_and_Fix_All_fixes_both() => Verify.VerifyCodeFixAsync(Usings + """
            public sealed class Lease : IAsyncDisposable
            {
                public ValueTask DisposeAsync() => ValueTask.CompletedTask;
            }

            public static class Leases
            {
                [SseEndpoint("/leases")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var lease = {|SSE003:new Lease()|};
                    var timer = {|SSE003:new PeriodicTimer(TimeSpan.FromSeconds(1))|};
                    while (await timer.WaitForNextTickAsync(cancellationToken))
                    {
                        yield return lease.GetHashCode();
                    }

                    await lease.DisposeAsync();
                }
            }
            """, Usings + """
            public sealed class Lease : IAsyncDisposable
            {
                public ValueTask DisposeAsync() => ValueTask.CompletedTask;
            }

            public static class Leases
            {
                [SseEndpoint("/leases")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await using var lease = new Lease();
                    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                    while (await timer.WaitForNextTickAsync(cancellationToken))
                    {
                        yield return lease.GetHashCode();
                    }
                }
            }
            """);
    }

    public sealed class DoesNotFlag
    {
        [Fact]
        public Task Using_declaration() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Clock
            {
                [SseEndpoint("/clock")]
                public static async IAsyncEnumerable<DateTimeOffset> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    while (await timer.WaitForNextTickAsync(cts.Token))
                    {
                        yield return DateTimeOffset.UtcNow;
                    }
                }
            }
            """);

        [Fact]
        public Task Using_statement_and_await_using() => Verify.VerifyAnalyzerAsync(Usings + """
            public sealed class Lease : IAsyncDisposable
            {
                public ValueTask DisposeAsync() => ValueTask.CompletedTask;
            }

            public static class Clock
            {
                [SseEndpoint("/clock")]
                public static async IAsyncEnumerable<DateTimeOffset> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await using var lease = new Lease();
                    using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1)))
                    {
                        while (await timer.WaitForNextTickAsync(cancellationToken))
                        {
                            yield return DateTimeOffset.UtcNow;
                        }
                    }

                    var registration = cancellationToken.Register(() => { });
                    using (registration)
                    {
                        yield return DateTimeOffset.UtcNow;
                    }
                }
            }
            """);

        [Fact]
        public Task Event_removed_in_finally() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Prices
            {
                [SseEndpoint("/prices")]
                public static async IAsyncEnumerable<decimal> Stream(IPriceFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var channel = Channel.CreateUnbounded<decimal>();
                    EventHandler<decimal> onPrice = (_, price) => channel.Writer.TryWrite(price);
                    feed.PriceChanged += onPrice;
                    try
                    {
                        await foreach (var price in channel.Reader.ReadAllAsync(cancellationToken))
                        {
                            yield return price;
                        }
                    }
                    finally
                    {
                        feed.PriceChanged -= onPrice;
                    }
                }
            }
            """);

        [Fact]
        public Task Dispose_in_finally_including_conditional_access() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Clock
            {
                [SseEndpoint("/clock")]
                public static async IAsyncEnumerable<DateTimeOffset> Stream(bool fast, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var timer = new PeriodicTimer(TimeSpan.FromSeconds(fast ? 1 : 10));
                    var cts = fast ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    try
                    {
                        while (await timer.WaitForNextTickAsync(cts?.Token ?? cancellationToken))
                        {
                            yield return DateTimeOffset.UtcNow;
                        }
                    }
                    finally
                    {
                        timer.Dispose();
                        cts?.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task Ownership_handed_to_someone_else() => Verify.VerifyAnalyzerAsync(Usings + """
            public sealed class Connections
            {
                private readonly List<IDisposable> _live = new();

                [SseEndpoint("/connections")]
                public async IAsyncEnumerable<int> Stream(IObservable<int> sensor, IObserver<int> sink, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var subscription = sensor.Subscribe(sink);
                    _live.Add(subscription);
                    var timer = new Timer(_ => { });
                    Track(timer);
                    await Task.Delay(10, cancellationToken);
                    yield return _live.Count;
                }

                private void Track(IDisposable resource) => _live.Add(resource);
            }
            """);

        [Fact]
        public Task In_memory_disposables_and_non_resource_calls() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Report
            {
                [SseEndpoint("/report")]
                public static async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var buffer = new MemoryStream();
                    var writer = new StringWriter();
                    writer.Write("ready");
                    buffer.WriteByte(1);
                    await Task.Delay(10, cancellationToken);
                    yield return writer.ToString();
                }
            }
            """);

        [Fact]
        public Task Methods_that_are_not_endpoints() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Background
            {
                public static async IAsyncEnumerable<int> NotAnEndpoint(IPriceFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                    feed.PriceChanged += (_, _) => { };
                    await timer.WaitForNextTickAsync(cancellationToken);
                    yield return 1;
                }
            }
            """);

        [Fact]
        public Task Resources_acquired_inside_lambdas_are_not_judged() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Deferred
            {
                [SseEndpoint("/deferred")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    Func<PeriodicTimer> makeTimer = () => new PeriodicTimer(TimeSpan.FromSeconds(1));
                    using var timer = makeTimer();
                    await timer.WaitForNextTickAsync(cancellationToken);
                    yield return 1;
                }
            }
            """);
    }
}
