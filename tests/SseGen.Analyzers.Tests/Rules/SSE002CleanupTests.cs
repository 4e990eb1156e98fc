using System.Threading.Tasks;
using Xunit;
using Verify = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.TokenNotForwardedAnalyzer,
    SseGen.CodeFixes.TokenNotForwardedCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>
/// SSE002 and cleanup: in <c>finally</c>, <c>catch</c> and <c>DisposeAsync</c> the endpoint's
/// token has usually fired already, so passing it would make the cleanup throw instead of run.
/// </summary>
public sealed class SSE002CleanupTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using SseGen;

        public interface IRoomBus
        {
            Task JoinAsync(string room, CancellationToken cancellationToken = default);
            Task LeaveAsync(string room);
            Task LeaveAsync(string room, CancellationToken cancellationToken);
            IAsyncEnumerable<string> ReadAsync(string room, CancellationToken cancellationToken = default);
        }

        public sealed class Presence
        {
            public ValueTask DisposeAsync(CancellationToken cancellationToken = default) => default;
        }

        """;

    public sealed class DoesNotFlag
    {
        [Fact]
        public Task Leave_in_finally_catch_and_DisposeAsync() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Rooms
            {
                [SseEndpoint("/rooms/{room}")]
                public static async IAsyncEnumerable<string> Stream(string room, IRoomBus bus, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var presence = new Presence();
                    await bus.JoinAsync(room, cancellationToken);
                    try
                    {
                        await foreach (var message in bus.ReadAsync(room, cancellationToken))
                        {
                            yield return message;
                        }
                    }
                    finally
                    {
                        await bus.LeaveAsync(room);
                        await presence.DisposeAsync();
                        await foreach (var last in bus.ReadAsync(room))
                        {
                            Console.WriteLine(last);
                        }
                    }
                }

                [SseEndpoint("/rooms/{room}/once")]
                public static async IAsyncEnumerable<string> Once(string room, IRoomBus bus, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    try
                    {
                        await bus.JoinAsync(room, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        await bus.LeaveAsync(room);
                        throw;
                    }

                    yield return room;

                    // A DisposeAsync that takes a token is still cleanup, on the happy path too.
                    var presence = new Presence();
                    await presence.DisposeAsync();
                }
            }
            """);
    }

    public sealed class Flags
    {
        // The try body still runs while the client is there: only the finally is exempt, and the
        // fix (and Fix All, which the harness runs too) leaves the finally as it was.
        [Fact]
        public Task Calls_in_the_try_body_are_still_flagged_and_the_finally_is_left_alone() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Rooms
            {
                [SseEndpoint("/rooms/{room}")]
                public static async IAsyncEnumerable<string> Stream(string room, IRoomBus bus, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    try
                    {
                        await {|SSE002:bus.JoinAsync(room)|};
                        await foreach (var message in {|SSE002:bus.ReadAsync(room)|})
                        {
                            yield return message;
                        }
                    }
                    finally
                    {
                        await bus.LeaveAsync(room);
                    }
                }
            }
            """, Usings + """
            public static class Rooms
            {
                [SseEndpoint("/rooms/{room}")]
                public static async IAsyncEnumerable<string> Stream(string room, IRoomBus bus, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    try
                    {
                        await bus.JoinAsync(room, cancellationToken);
                        await foreach (var message in bus.ReadAsync(room, cancellationToken))
                        {
                            yield return message;
                        }
                    }
                    finally
                    {
                        await bus.LeaveAsync(room);
                    }
                }
            }
            """);
    }
}
