using System.Threading.Tasks;
using Xunit;
using Verify = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.UnobservedEndlessLoopAnalyzer,
    SseGen.CodeFixes.UnobservedEndlessLoopCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>SSE004: an endless loop in an endpoint observes the endpoint's token.</summary>
public sealed class SSE004Tests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using SseGen;

        """;

    public sealed class Flags
    {
        // Found in the corpus (BjoerNen2750/Grundl-ggende-C): the loop yields only when something
        // is queued, so with nothing queued it spins and never reaches a yield where disposal stops it.
        [Fact]
        public Task Spin_that_yields_only_when_something_is_queued() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Changes
            {
                [SseEndpoint("/changes")]
                public static async IAsyncEnumerable<string> Stream(ChannelReader<string> changes, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.CompletedTask;
                    {|SSE004:do|}
                    {
                        while (changes.TryRead(out var change))
                        {
                            yield return change;
                        }
                    }
                    while (true);
                }
            }
            """, Usings + """
            public static class Changes
            {
                [SseEndpoint("/changes")]
                public static async IAsyncEnumerable<string> Stream(ChannelReader<string> changes, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.CompletedTask;
                    do
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        while (changes.TryRead(out var change))
                        {
                            yield return change;
                        }
                    }
                    while (true);
                }
            }
            """);

        [Fact]
        public Task While_true_polling_without_the_token() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Clock
            {
                [SseEndpoint("/clock")]
                public static async IAsyncEnumerable<DateTimeOffset> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    {|SSE004:while|} (true)
                    {
                        await Task.Delay(1000);
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
                    while (true)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await Task.Delay(1000);
                        yield return DateTimeOffset.UtcNow;
                    }
                }
            }
            """);

        [Fact]
        public Task For_ever_reading_a_channel_without_the_token() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Jobs
            {
                [SseEndpoint("/jobs")]
                public static async IAsyncEnumerable<string> Stream(Channel<string> jobs, [EnumeratorCancellation] CancellationToken ct)
                {
                    {|SSE004:for|} (;;)
                    {
                        yield return await jobs.Reader.ReadAsync();
                    }
                }
            }
            """, Usings + """
            public static class Jobs
            {
                [SseEndpoint("/jobs")]
                public static async IAsyncEnumerable<string> Stream(Channel<string> jobs, [EnumeratorCancellation] CancellationToken ct)
                {
                    for (;;)
                    {
                        ct.ThrowIfCancellationRequested();
                        yield return await jobs.Reader.ReadAsync();
                    }
                }
            }
            """);

        [Fact]
        public Task Do_while_true() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Heartbeat
            {
                [SseEndpoint("/heartbeat")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var beat = 0;
                    {|SSE004:do|}
                    {
                        await Task.Delay(TimeSpan.FromSeconds(15));
                        yield return beat++;
                    }
                    while (true);
                }
            }
            """, Usings + """
            public static class Heartbeat
            {
                [SseEndpoint("/heartbeat")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var beat = 0;
                    do
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await Task.Delay(TimeSpan.FromSeconds(15));
                        yield return beat++;
                    }
                    while (true);
                }
            }
            """);

        [Fact]
        public Task Synchronous_spin_after_the_first_item() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Spin
            {
                [SseEndpoint("/spin")]
                public static async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.CompletedTask;
                    yield return "ready";
                    {|SSE004:while|} (true)
                    {
                        Thread.Sleep(1000);
                    }
                }
            }
            """, Usings + """
            public static class Spin
            {
                [SseEndpoint("/spin")]
                public static async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.CompletedTask;
                    yield return "ready";
                    while (true)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        Thread.Sleep(1000);
                    }
                }
            }
            """);

        [Fact]
        public Task Loop_body_without_braces_is_wrapped_in_a_block() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Idle
            {
                [SseEndpoint("/idle")]
                public static async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    yield return "hello";
                    {|SSE004:while|} (true)
                        await Task.Delay(1000);
                }
            }
            """, Usings + """
            public static class Idle
            {
                [SseEndpoint("/idle")]
                public static async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    yield return "hello";
                    while (true)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await Task.Delay(1000);
                    }
                }
            }
            """);

        [Fact]
        public Task Break_of_an_inner_loop_or_switch_does_not_exit() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Batches
            {
                [SseEndpoint("/batches")]
                public static async IAsyncEnumerable<int> Stream(ChannelReader<int> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    {|SSE004:while|} (true)
                    {
                        while (reader.TryRead(out var item))
                        {
                            switch (item)
                            {
                                case < 0:
                                    break;
                                default:
                                    yield return item;
                                    break;
                            }

                            if (item == 0)
                            {
                                break;
                            }
                        }

                        await Task.Delay(100);
                    }
                }
            }
            """, Usings + """
            public static class Batches
            {
                [SseEndpoint("/batches")]
                public static async IAsyncEnumerable<int> Stream(ChannelReader<int> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    while (true)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        while (reader.TryRead(out var item))
                        {
                            switch (item)
                            {
                                case < 0:
                                    break;
                                default:
                                    yield return item;
                                    break;
                            }

                            if (item == 0)
                            {
                                break;
                            }
                        }

                        await Task.Delay(100);
                    }
                }
            }
            """);

        [Fact]
        public Task Passing_CancellationToken_None_is_not_observing() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Ticker
            {
                [SseEndpoint("/ticker")]
                public static async IAsyncEnumerable<long> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    {|SSE004:for|} (var tick = 0L; ; tick++)
                    {
                        await Task.Delay(500, CancellationToken.None);
                        yield return tick;
                    }
                }
            }
            """, Usings + """
            public static class Ticker
            {
                [SseEndpoint("/ticker")]
                public static async IAsyncEnumerable<long> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    for (var tick = 0L; ; tick++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await Task.Delay(500, CancellationToken.None);
                        yield return tick;
                    }
                }
            }
            """);

        [Fact]
        public Task Await_foreach_inside_without_token_and_Fix_All_fixes_every_loop() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Mirror
            {
                [SseEndpoint("/mirror")]
                public static async IAsyncEnumerable<string> Stream(Func<IAsyncEnumerable<string>> connect, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    {|SSE004:while|} (true)
                    {
                        await foreach (var line in connect())
                        {
                            yield return line;
                        }

                        {|SSE004:while|} (true)
                        {
                            await Task.Delay(1000);
                        }
                    }
                }
            }
            """, Usings + """
            public static class Mirror
            {
                [SseEndpoint("/mirror")]
                public static async IAsyncEnumerable<string> Stream(Func<IAsyncEnumerable<string>> connect, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    while (true)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await foreach (var line in connect())
                        {
                            yield return line;
                        }

                        while (true)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            await Task.Delay(1000);
                        }
                    }
                }
            }
            """);
    }

    public sealed class DoesNotFlag
    {
        [Fact]
        public Task Loop_condition_checks_the_token() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Clock
            {
                [SseEndpoint("/clock")]
                public static async IAsyncEnumerable<DateTimeOffset> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        await Task.Delay(1000);
                        yield return DateTimeOffset.UtcNow;
                    }
                }
            }
            """);

        [Fact]
        public Task ThrowIfCancellationRequested_in_the_body() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Clock
            {
                [SseEndpoint("/clock")]
                public static async IAsyncEnumerable<DateTimeOffset> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    while (true)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await Task.Delay(1000);
                        yield return DateTimeOffset.UtcNow;
                    }
                }
            }
            """);

        [Fact]
        public Task Token_passed_to_what_the_loop_awaits() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Jobs
            {
                [SseEndpoint("/jobs")]
                public static async IAsyncEnumerable<string> Stream(ChannelReader<string> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    for (;;)
                    {
                        yield return await reader.ReadAsync(cancellationToken);
                    }
                }
            }
            """);

        [Fact]
        public Task Linked_token_source_token_passed_in_the_loop() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Deadline
            {
                [SseEndpoint("/deadline")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    cts.CancelAfter(TimeSpan.FromMinutes(1));
                    var i = 0;
                    while (true)
                    {
                        await Task.Delay(1000, cts.Token);
                        yield return i++;
                    }
                }
            }
            """);

        [Fact]
        public Task Loop_with_break_return_yield_break_or_throw() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Exits
            {
                [SseEndpoint("/exits")]
                public static async IAsyncEnumerable<int> Stream(ChannelReader<int> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    while (true)
                    {
                        await Task.Delay(10);
                        if (!reader.TryRead(out var item))
                        {
                            break;
                        }

                        yield return item;
                    }

                    for (;;)
                    {
                        await Task.Delay(10);
                        if (reader.Completion.IsCompleted)
                        {
                            yield break;
                        }

                        yield return 0;
                    }
                }

                [SseEndpoint("/throws")]
                public static async IAsyncEnumerable<int> Throws(ChannelReader<int> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    do
                    {
                        await Task.Delay(10);
                        if (reader.Completion.IsFaulted)
                        {
                            throw new InvalidOperationException("upstream failed");
                        }

                        yield return 1;
                    }
                    while (true);
                }
            }
            """);

        [Fact]
        public Task Finite_loops() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Countdown
            {
                [SseEndpoint("/countdown")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    for (var i = 10; i > 0; i--)
                    {
                        await Task.Delay(1000);
                        yield return i;
                    }

                    var more = true;
                    while (more)
                    {
                        await Task.Delay(10);
                        more = false;
                    }
                }
            }
            """);

        [Fact]
        public Task Yield_only_loop_is_driven_and_stopped_by_the_consumer() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Numbers
            {
                [SseEndpoint("/numbers")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.CompletedTask;
                    var n = 0;
                    while (true)
                    {
                        yield return n++;
                    }
                }
            }
            """);

        [Fact]
        public Task Endpoint_without_a_token_is_left_to_SSE001() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Legacy
            {
                [SseEndpoint("/legacy")]
                public static async IAsyncEnumerable<int> Stream()
                {
                    while (true)
                    {
                        await Task.Delay(1000);
                        yield return 1;
                    }
                }
            }
            """);

        [Fact]
        // Loops in the endpoint's lambdas and local functions are judged: see SSE004BackgroundWorkTests.
        public Task Loops_in_methods_that_are_not_endpoints() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Background
            {
                public static async Task NotAnEndpointAsync()
                {
                    while (true)
                    {
                        await Task.Delay(1000);
                    }
                }
            }
            """);
    }
}
