using System.Threading.Tasks;
using Xunit;
using Verify = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.UnobservedEndlessLoopAnalyzer,
    SseGen.CodeFixes.UnobservedEndlessLoopCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>
/// SSE004 owns work the stream starts: an endless loop in a lambda or local function of an
/// endpoint (<c>_ = Task.Run(async () => { while (true) … })</c>) outlives the client too.
/// </summary>
public sealed class SSE004BackgroundWorkTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using SseGen;

        """;

    public sealed class Flags
    {
        [Fact]
        public Task Task_Run_and_Thread_loops_get_the_token_check() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Poller
            {
                private static int s_count;

                [SseEndpoint("/poll")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    _ = Task.Run(async () =>
                    {
                        {|SSE004:while|} (true)
                        {
                            Interlocked.Increment(ref s_count);
                            await Task.Delay(100);
                        }
                    });
                    new Thread(() =>
                    {
                        {|SSE004:for|} (;;)
                            Thread.Sleep(100);
                    }).Start();
                    await Task.Delay(10, cancellationToken);
                    yield return s_count;
                }
            }
            """, Usings + """
            public static class Poller
            {
                private static int s_count;

                [SseEndpoint("/poll")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    _ = Task.Run(async () =>
                    {
                        while (true)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            Interlocked.Increment(ref s_count);
                            await Task.Delay(100);
                        }
                    });
                    new Thread(() =>
                    {
                        for (;;)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            Thread.Sleep(100);
                        }
                    }).Start();
                    await Task.Delay(10, cancellationToken);
                    yield return s_count;
                }
            }
            """);

        // A static local function cannot capture the token: reported, and no fix is offered.
        [Fact]
        public Task Static_local_function_pump_is_reported_without_a_fix() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Background
            {
                [SseEndpoint("/background")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.Delay(10, cancellationToken);
                    yield return 1;

                    static async Task PumpAsync()
                    {
                        {|SSE004:while|} (true)
                        {
                            await Task.Delay(1000);
                        }
                    }

                    _ = PumpAsync();
                }
            }
            """, Usings + """
            public static class Background
            {
                [SseEndpoint("/background")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.Delay(10, cancellationToken);
                    yield return 1;

                    static async Task PumpAsync()
                    {
                        {|SSE004:while|} (true)
                        {
                            await Task.Delay(1000);
                        }
                    }

                    _ = PumpAsync();
                }
            }
            """);
    }

    public sealed class DoesNotFlag
    {
        [Fact]
        public Task Background_loops_that_observe_a_token_or_exit() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Background
            {
                [SseEndpoint("/background")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    _ = Task.Run(async () =>
                    {
                        while (true)
                        {
                            await Task.Delay(100, cancellationToken);
                        }
                    });
                    _ = PumpAsync(cancellationToken);
                    _ = Task.Run(async () =>
                    {
                        for (var attempt = 0; ; attempt++)
                        {
                            await Task.Delay(100);
                            if (attempt > 3)
                            {
                                break;
                            }
                        }
                    });
                    await Task.Delay(10, cancellationToken);
                    yield return 1;

                    static async Task PumpAsync(CancellationToken token)
                    {
                        while (true)
                        {
                            await Task.Delay(1000, token);
                        }
                    }
                }
            }
            """);
    }
}
