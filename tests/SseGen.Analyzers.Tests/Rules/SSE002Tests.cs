using System.Threading.Tasks;
using Xunit;
using Verify = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.TokenNotForwardedAnalyzer,
    SseGen.CodeFixes.TokenNotForwardedCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>SSE002: awaited calls and streams inside an endpoint get the endpoint's token.</summary>
public sealed class SSE002Tests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using SseGen;

        """;

    public sealed class Flags
    {
        [Fact]
        public Task Task_Delay_without_token_gets_the_overload_with_one() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Clock
            {
                [SseEndpoint("/clock")]
                public static async IAsyncEnumerable<DateTimeOffset> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    for (var i = 0; i < 60; i++)
                    {
                        await {|SSE002:Task.Delay(1000)|};
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
                    for (var i = 0; i < 60; i++)
                    {
                        await Task.Delay(1000, cancellationToken);
                        yield return DateTimeOffset.UtcNow;
                    }
                }
            }
            """);

        [Fact]
        public Task Channel_read_with_optional_token_left_out() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Jobs
            {
                [SseEndpoint("/jobs")]
                public static async IAsyncEnumerable<string> Stream(ChannelReader<string> reader, [EnumeratorCancellation] CancellationToken ct)
                {
                    while (await {|SSE002:reader.WaitToReadAsync()|})
                    {
                        yield return await {|SSE002:reader.ReadAsync()|};
                    }
                }
            }
            """, Usings + """
            public static class Jobs
            {
                [SseEndpoint("/jobs")]
                public static async IAsyncEnumerable<string> Stream(ChannelReader<string> reader, [EnumeratorCancellation] CancellationToken ct)
                {
                    while (await reader.WaitToReadAsync(ct))
                    {
                        yield return await reader.ReadAsync(ct);
                    }
                }
            }
            """);

        [Fact]
        public Task SemaphoreSlim_WaitAsync_with_ConfigureAwait() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Gate
            {
                private static readonly SemaphoreSlim s_gate = new(1);

                [SseEndpoint("/gate")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await {|SSE002:s_gate.WaitAsync()|}.ConfigureAwait(false);
                    try
                    {
                        yield return 1;
                    }
                    finally
                    {
                        s_gate.Release();
                    }
                }
            }
            """, Usings + """
            public static class Gate
            {
                private static readonly SemaphoreSlim s_gate = new(1);

                [SseEndpoint("/gate")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await s_gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        yield return 1;
                    }
                    finally
                    {
                        s_gate.Release();
                    }
                }
            }
            """);

        [Fact]
        public Task HttpClient_call_without_token() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Weather
            {
                [SseEndpoint("/weather/{city}")]
                public static async IAsyncEnumerable<string> Stream(string city, HttpClient http, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    yield return await {|SSE002:http.GetStringAsync("https://example.invalid/" + city)|};
                }
            }
            """, Usings + """
            public static class Weather
            {
                [SseEndpoint("/weather/{city}")]
                public static async IAsyncEnumerable<string> Stream(string city, HttpClient http, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    yield return await http.GetStringAsync("https://example.invalid/" + city, cancellationToken);
                }
            }
            """);

        [Fact]
        public Task Users_own_method_with_optional_token_after_other_optionals_gets_a_named_argument() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Orders
            {
                [SseEndpoint("/orders/{id}")]
                public static async IAsyncEnumerable<string> Stream(int id, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    yield return await {|SSE002:LoadAsync(id)|};
                }

                private static async Task<string> LoadAsync(int id, int retries = 3, CancellationToken token = default)
                {
                    await Task.Delay(retries, token);
                    return id.ToString();
                }
            }
            """, Usings + """
            public static class Orders
            {
                [SseEndpoint("/orders/{id}")]
                public static async IAsyncEnumerable<string> Stream(int id, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    yield return await LoadAsync(id, token: cancellationToken);
                }

                private static async Task<string> LoadAsync(int id, int retries = 3, CancellationToken token = default)
                {
                    await Task.Delay(retries, token);
                    return id.ToString();
                }
            }
            """);

        [Fact]
        public Task Explicit_None_and_default_are_replaced() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Pulse
            {
                [SseEndpoint("/pulse")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await {|SSE002:Task.Delay(100, CancellationToken.None)|};
                    yield return 1;
                    await {|SSE002:Task.Delay(100, default)|};
                    yield return 2;
                }
            }
            """, Usings + """
            public static class Pulse
            {
                [SseEndpoint("/pulse")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.Delay(100, cancellationToken);
                    yield return 1;
                    await Task.Delay(100, cancellationToken);
                    yield return 2;
                }
            }
            """);

        [Fact]
        public Task Await_foreach_over_a_call_that_takes_a_token_passes_it_there() => Verify.VerifyCodeFixAsync(Usings + """
            public interface IQuoteFeed
            {
                IAsyncEnumerable<decimal> Subscribe(string symbol, CancellationToken cancellationToken = default);
            }

            public static class Quotes
            {
                [SseEndpoint("/quotes/{symbol}")]
                public static async IAsyncEnumerable<decimal> Stream(string symbol, IQuoteFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await foreach (var quote in {|SSE002:feed.Subscribe(symbol)|})
                    {
                        yield return quote;
                    }
                }
            }
            """, Usings + """
            public interface IQuoteFeed
            {
                IAsyncEnumerable<decimal> Subscribe(string symbol, CancellationToken cancellationToken = default);
            }

            public static class Quotes
            {
                [SseEndpoint("/quotes/{symbol}")]
                public static async IAsyncEnumerable<decimal> Stream(string symbol, IQuoteFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await foreach (var quote in feed.Subscribe(symbol, cancellationToken))
                    {
                        yield return quote;
                    }
                }
            }
            """);

        [Fact]
        public Task Await_foreach_over_a_stream_value_gets_WithCancellation() => Verify.VerifyCodeFixAsync("""
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using SseGen;

            public interface INewsSource
            {
                IAsyncEnumerable<string> Headlines { get; }
            }

            public static class News
            {
                [SseEndpoint("/news")]
                public static async IAsyncEnumerable<string> Stream(INewsSource source, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await foreach (var headline in {|SSE002:source.Headlines|})
                    {
                        yield return headline;
                    }
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public interface INewsSource
            {
                IAsyncEnumerable<string> Headlines { get; }
            }

            public static class News
            {
                [SseEndpoint("/news")]
                public static async IAsyncEnumerable<string> Stream(INewsSource source, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await foreach (var headline in source.Headlines.WithCancellation(cancellationToken))
                    {
                        yield return headline;
                    }
                }
            }
            """);

        [Fact]
        public Task Await_foreach_WithCancellation_default_is_replaced() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Relay
            {
                [SseEndpoint("/relay")]
                public static async IAsyncEnumerable<string> Stream(IAsyncEnumerable<string> upstream, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await foreach (var item in {|SSE002:upstream.WithCancellation(default)|}.ConfigureAwait(false))
                    {
                        yield return item;
                    }
                }
            }
            """, Usings + """
            public static class Relay
            {
                [SseEndpoint("/relay")]
                public static async IAsyncEnumerable<string> Stream(IAsyncEnumerable<string> upstream, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await foreach (var item in upstream.WithCancellation(cancellationToken).ConfigureAwait(false))
                    {
                        yield return item;
                    }
                }
            }
            """);
    }

    public sealed class DoesNotFlag
    {
        [Fact]
        public Task Token_passed_to_Task_Delay() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Clock
            {
                [SseEndpoint("/clock")]
                public static async IAsyncEnumerable<DateTimeOffset> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
                        yield return DateTimeOffset.UtcNow;
                    }
                }
            }
            """);

        [Fact]
        public Task Linked_token_source_built_from_the_endpoint_token() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Deadline
            {
                [SseEndpoint("/deadline")]
                public static async IAsyncEnumerable<int> Stream(ChannelReader<int> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    cts.CancelAfter(TimeSpan.FromMinutes(5));
                    while (await reader.WaitToReadAsync(cts.Token))
                    {
                        yield return await reader.ReadAsync(cts.Token);
                    }
                }
            }
            """);

        [Fact]
        public Task Token_forwarded_to_the_users_own_helper() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Orders
            {
                [SseEndpoint("/orders")]
                public static async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    yield return await LoadAsync(1, cancellationToken);
                    yield return await LoadAsync(2, token: cancellationToken);
                }

                private static async Task<string> LoadAsync(int id, CancellationToken token = default)
                {
                    await Task.Delay(10, token);
                    return id.ToString();
                }
            }
            """);

        [Fact]
        public Task Calls_with_no_token_in_any_overload() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Audit
            {
                [SseEndpoint("/audit")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    await SaveAsync(1);
                    yield return 1;
                }

                private static Task SaveAsync(int value) => Task.CompletedTask;
            }
            """);

        [Fact]
        public Task Await_foreach_with_WithCancellation_and_ConfigureAwait() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Relay
            {
                [SseEndpoint("/relay")]
                public static async IAsyncEnumerable<string> Stream(IAsyncEnumerable<string> upstream, ChannelReader<string> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await foreach (var item in upstream.WithCancellation(cancellationToken).ConfigureAwait(false))
                    {
                        yield return item;
                    }

                    await foreach (var item in reader.ReadAllAsync(cancellationToken))
                    {
                        yield return item;
                    }
                }
            }
            """);

        [Fact]
        public Task Await_foreach_over_a_local_stream_created_with_the_token() => Verify.VerifyAnalyzerAsync(Usings + """
            public interface IQuoteFeed
            {
                IAsyncEnumerable<decimal> Subscribe(string symbol, CancellationToken cancellationToken);
            }

            public static class Quotes
            {
                [SseEndpoint("/quotes/{symbol}")]
                public static async IAsyncEnumerable<decimal> Stream(string symbol, IQuoteFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var quotes = feed.Subscribe(symbol, cancellationToken);
                    await foreach (var quote in quotes)
                    {
                        yield return quote;
                    }
                }
            }
            """);

        [Fact]
        public Task Synchronous_enumeration_and_non_awaited_calls() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Snapshot
            {
                [SseEndpoint("/snapshot")]
                public static async IAsyncEnumerable<int> Stream(List<int> values, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    foreach (var value in values)
                    {
                        yield return value;
                    }

                    var pending = Task.Delay(100, cancellationToken);
                    await pending;
                }
            }
            """);

        [Fact]
        public Task Methods_that_are_not_endpoints() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Helpers
            {
                public static async IAsyncEnumerable<int> NotAnEndpoint([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.Delay(1000);
                    yield return 1;
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
                    await Task.Delay(1000);
                    yield return 1;
                }
            }
            """);

        [Fact]
        public Task Calls_inside_local_functions_and_lambdas_are_not_judged() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Batches
            {
                [SseEndpoint("/batches")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    Func<Task> pause = async () => await Task.Delay(10);
                    await Task.WhenAll(pause(), PingAsync());
                    yield return 1;

                    static async Task PingAsync() => await Task.Delay(10);
                }
            }
            """);
    }
}
