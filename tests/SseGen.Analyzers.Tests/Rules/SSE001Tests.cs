using System.Threading.Tasks;
using Xunit;
using Verify = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.MissingEnumeratorCancellationAnalyzer,
    SseGen.CodeFixes.MissingEnumeratorCancellationCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>SSE001: an async-iterator endpoint takes an [EnumeratorCancellation] CancellationToken.</summary>
public sealed class SSE001Tests
{
    public sealed class Flags
    {
        [Fact]
        public Task Endpoint_without_any_token_gets_one_and_its_usings() => Verify.VerifyCodeFixAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using SseGen;

            public static class Ticks
            {
                [SseEndpoint("/ticks")]
                public static async IAsyncEnumerable<int> {|SSE001:Stream|}()
                {
                    for (var i = 0; i < 10; i++)
                    {
                        await Task.Delay(1000);
                        yield return i;
                    }
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Ticks
            {
                [SseEndpoint("/ticks")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken = default)
                {
                    for (var i = 0; i < 10; i++)
                    {
                        await Task.Delay(1000);
                        yield return i;
                    }
                }
            }
            """);

        // The compiler's CS8425 sees the same mistake; SSE001 adds why it matters for SSE and the fix.
        [Fact]
        public Task Token_without_the_attribute_gets_it() => Verify.VerifyCodeFixAsync("""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Quotes
            {
                [SseEndpoint("/quotes/{symbol}")]
                public static async IAsyncEnumerable<string> {|CS8425:Stream|}(string symbol, CancellationToken {|SSE001:ct|})
                {
                    await Task.Delay(100, ct);
                    yield return symbol;
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Quotes
            {
                [SseEndpoint("/quotes/{symbol}")]
                public static async IAsyncEnumerable<string> Stream(string symbol, [EnumeratorCancellation] CancellationToken ct)
                {
                    await Task.Delay(100, ct);
                    yield return symbol;
                }
            }
            """);

        [Fact]
        public Task Optional_token_without_the_attribute() => Verify.VerifyCodeFixAsync("""
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Feed
            {
                [SseEndpoint("/feed")]
                public static async IAsyncEnumerable<int> {|CS8425:Stream|}(CancellationToken {|SSE001:cancellationToken|} = default)
                {
                    await Task.Delay(100, cancellationToken);
                    yield return 1;
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Feed
            {
                [SseEndpoint("/feed")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken = default)
                {
                    await Task.Delay(100, cancellationToken);
                    yield return 1;
                }
            }
            """);

        [Fact]
        public Task New_parameter_goes_after_optional_parameters() => Verify.VerifyCodeFixAsync("""
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Countdown
            {
                [SseEndpoint("/countdown")]
                public static async IAsyncEnumerable<int> {|SSE001:Stream|}(int from = 10)
                {
                    for (var i = from; i > 0; i--)
                    {
                        await Task.Delay(1000);
                        yield return i;
                    }
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Countdown
            {
                [SseEndpoint("/countdown")]
                public static async IAsyncEnumerable<int> Stream(int from = 10, [EnumeratorCancellation] CancellationToken cancellationToken = default)
                {
                    for (var i = from; i > 0; i--)
                    {
                        await Task.Delay(1000);
                        yield return i;
                    }
                }
            }
            """);

        [Fact]
        public Task New_parameter_goes_before_a_params_array() => Verify.VerifyCodeFixAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using SseGen;

            public static class Topics
            {
                [SseEndpoint("/topics")]
                public static async IAsyncEnumerable<string> {|SSE001:Stream|}(params string[] topics)
                {
                    foreach (var topic in topics)
                    {
                        await Task.Yield();
                        yield return topic;
                    }
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Topics
            {
                [SseEndpoint("/topics")]
                public static async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken = default, params string[] topics)
                {
                    foreach (var topic in topics)
                    {
                        await Task.Yield();
                        yield return topic;
                    }
                }
            }
            """);

        [Fact]
        public Task New_parameter_does_not_collide_with_a_local() => Verify.VerifyCodeFixAsync("""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Shutdown
            {
                [SseEndpoint("/shutdown")]
                public static async IAsyncEnumerable<bool> {|SSE001:Stream|}(CancellationTokenSource appStopping)
                {
                    var cancellationToken = appStopping.Token;
                    await Task.Delay(1000, cancellationToken);
                    yield return cancellationToken.IsCancellationRequested;
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Shutdown
            {
                [SseEndpoint("/shutdown")]
                public static async IAsyncEnumerable<bool> Stream(CancellationTokenSource appStopping, [EnumeratorCancellation] CancellationToken cancellationToken1 = default)
                {
                    var cancellationToken = appStopping.Token;
                    await Task.Delay(1000, cancellationToken);
                    yield return cancellationToken.IsCancellationRequested;
                }
            }
            """);

        [Fact]
        public Task Instance_endpoint_in_a_namespace() => Verify.VerifyCodeFixAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using SseGen;

            namespace Shop.Orders;

            public sealed class OrderStream(IOrderStore store)
            {
                [SseEndpoint("/orders/{id}")]
                public async IAsyncEnumerable<string> {|SSE001:Watch|}(int id)
                {
                    yield return await store.StatusAsync(id);
                }
            }

            public interface IOrderStore
            {
                Task<string> StatusAsync(int id);
            }
            """, """
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            namespace Shop.Orders;

            public sealed class OrderStream(IOrderStore store)
            {
                [SseEndpoint("/orders/{id}")]
                public async IAsyncEnumerable<string> Watch(int id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
                {
                    yield return await store.StatusAsync(id);
                }
            }

            public interface IOrderStore
            {
                Task<string> StatusAsync(int id);
            }
            """);

        [Fact]
        public Task Fix_All_fixes_every_endpoint_of_the_file() => Verify.VerifyCodeFixAsync("""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Dashboards
            {
                [SseEndpoint("/cpu")]
                public static async IAsyncEnumerable<double> {|SSE001:Cpu|}()
                {
                    await Task.Delay(1000);
                    yield return 0.5;
                }

                [SseEndpoint("/memory")]
                public static async IAsyncEnumerable<long> {|CS8425:Memory|}(CancellationToken {|SSE001:token|})
                {
                    await Task.Delay(1000, token);
                    yield return 1024;
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Dashboards
            {
                [SseEndpoint("/cpu")]
                public static async IAsyncEnumerable<double> Cpu([EnumeratorCancellation] CancellationToken cancellationToken = default)
                {
                    await Task.Delay(1000);
                    yield return 0.5;
                }

                [SseEndpoint("/memory")]
                public static async IAsyncEnumerable<long> Memory([EnumeratorCancellation] CancellationToken token)
                {
                    await Task.Delay(1000, token);
                    yield return 1024;
                }
            }
            """);
    }

    public sealed class DoesNotFlag
    {
        [Fact]
        public Task Endpoint_with_an_EnumeratorCancellation_token() => Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Ticks
            {
                [SseEndpoint("/ticks")]
                public static async IAsyncEnumerable<int> Stream(int count, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    for (var i = 0; i < count; i++)
                    {
                        await Task.Delay(1000, cancellationToken);
                        yield return i;
                    }
                }
            }
            """);

        [Fact]
        public Task Attribute_written_fully_qualified() => Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using SseGen;

            public static class Ticks
            {
                [SseEndpoint("/ticks")]
                public static async IAsyncEnumerable<int> Stream([System.Runtime.CompilerServices.EnumeratorCancellation] System.Threading.CancellationToken ct = default)
                {
                    await Task.Delay(1000, ct);
                    yield return 1;
                }
            }
            """);

        [Fact]
        public Task Endpoint_that_returns_another_stream_without_yield() => Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Threading.Channels;
            using SseGen;

            public static class Jobs
            {
                [SseEndpoint("/jobs")]
                public static IAsyncEnumerable<string> Stream(ChannelReader<string> reader) => reader.ReadAllAsync();
            }
            """);

        [Fact]
        public Task Method_without_SseEndpoint() => Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public static class Helpers
            {
                public static async IAsyncEnumerable<int> Numbers()
                {
                    await Task.Yield();
                    yield return 1;
                }
            }
            """);

        [Fact]
        public Task Endpoint_that_is_not_an_async_stream_is_a_usage_error_not_a_leak() => Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using SseGen;

            public static class Wrong
            {
                [SseEndpoint("/wrong")]
                public static IEnumerable<int> Stream()
                {
                    yield return 1;
                }
            }
            """);

        [Fact]
        public Task Iterator_local_function_inside_a_non_iterator_endpoint() => Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Wrapped
            {
                [SseEndpoint("/wrapped")]
                public static IAsyncEnumerable<int> Stream(int count)
                {
                    return Produce(count);

                    static async IAsyncEnumerable<int> Produce(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
                    {
                        for (var i = 0; i < count; i++)
                        {
                            await Task.Delay(10, cancellationToken);
                            yield return i;
                        }
                    }
                }
            }
            """);

        [Fact]
        public Task Generated_code_is_not_analyzed() => Verify.VerifyAnalyzerAsync("""
            // <auto-generated/>
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using SseGen;

            public static class Generated
            {
                [SseEndpoint("/generated")]
                public static async IAsyncEnumerable<int> Stream()
                {
                    await Task.Yield();
                    yield return 1;
                }
            }
            """);

        [Fact]
        public Task Instance_endpoint_with_token_and_other_bound_parameters() => Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public sealed class Presence
            {
                [SseEndpoint("/rooms/{room}/presence")]
                public async IAsyncEnumerable<string> Watch(string room, string? lastEventId, [EnumeratorCancellation] CancellationToken cancellationToken, int limit = 100)
                {
                    await Task.Delay(10, cancellationToken);
                    yield return room + lastEventId + limit;
                }
            }
            """);
    }
}
