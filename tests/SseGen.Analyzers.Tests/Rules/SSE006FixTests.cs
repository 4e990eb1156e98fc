using System.Threading.Tasks;
using Xunit;
using static SseGen.Analyzers.Tests.Rules.SSE006Tests;
using Verify = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.BlockingCallAnalyzer,
    SseGen.CodeFixes.BlockingCallCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>
/// SSE006's fix: the awaited form with the endpoint's token. The harness checks the fixed code
/// compiles without warnings and no longer has the diagnostic; <see cref="OtherRulesStayQuiet"/>
/// checks it wakes neither SSE002 (the token is passed) nor SSE004 (a loop that now awaits).
/// </summary>
public sealed class SSE006FixTests
{
    /// <summary>Verifies the fix, then that SSE002 and SSE004 find nothing in the fixed code.</summary>
    internal static async Task VerifyFixAsync(string source, string fixedSource)
    {
        await Verify.VerifyCodeFixAsync(source, fixedSource);
        await OtherRulesStayQuiet(fixedSource);
    }

    internal static async Task OtherRulesStayQuiet(string source)
    {
        await Infrastructure.Verifier<Generator.Analyzers.TokenNotForwardedAnalyzer, CodeFixes.TokenNotForwardedCodeFixProvider>.VerifyAnalyzerAsync(source);
        await Infrastructure.Verifier<Generator.Analyzers.UnobservedEndlessLoopAnalyzer, CodeFixes.UnobservedEndlessLoopCodeFixProvider>.VerifyAnalyzerAsync(source);
    }

    public sealed class Sleep
    {
        [Fact]
        public Task Becomes_Task_Delay_with_the_token_and_adds_the_using() => VerifyFixAsync("""
            using System;
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using SseGen;

            public static class Clock
            {
                [SseEndpoint("/clock")]
                public static async IAsyncEnumerable<DateTimeOffset> Stream(System.Threading.Channels.ChannelReader<DateTimeOffset> ticks, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await foreach (var tick in ticks.ReadAllAsync(cancellationToken))
                    {
                        {|SSE006:Thread.Sleep(1000)|};
                        yield return tick;
                    }
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Clock
            {
                [SseEndpoint("/clock")]
                public static async IAsyncEnumerable<DateTimeOffset> Stream(System.Threading.Channels.ChannelReader<DateTimeOffset> ticks, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await foreach (var tick in ticks.ReadAllAsync(cancellationToken))
                    {
                        await Task.Delay(1000, cancellationToken);
                        yield return tick;
                    }
                }
            }
            """);

        [Fact]
        public Task Without_a_token_in_the_endpoint_passes_none() => VerifyFixAsync(
            Endpoint("{|SSE006:Thread.Sleep(TimeSpan.FromSeconds(1))|};", token: "int every = 1"),
            Endpoint("await Task.Delay(TimeSpan.FromSeconds(1));", token: "int every = 1"));

        [Fact]
        public Task In_finally_passes_none_because_the_token_has_fired() => VerifyFixAsync(
            Endpoint("try { await Task.Delay(10, cancellationToken); } finally { {|SSE006:Thread.Sleep(100)|}; }"),
            Endpoint("try { await Task.Delay(10, cancellationToken); } finally { await Task.Delay(100); }"));

        [Fact]
        public Task In_an_async_lambda_with_the_token_it_captures() => VerifyFixAsync(
            Endpoint("await Task.Run(async () => { {|SSE006:Thread.Sleep(100)|}; await Task.Yield(); }, cancellationToken);"),
            Endpoint("await Task.Run(async () => { await Task.Delay(100, cancellationToken); await Task.Yield(); }, cancellationToken);"));

        [Fact]
        public Task In_a_static_async_lambda_without_the_token_it_cannot_capture() => VerifyFixAsync(
            Endpoint("await Task.Run(static async () => { {|SSE006:Thread.Sleep(100)|}; await Task.Yield(); }, cancellationToken);"),
            Endpoint("await Task.Run(static async () => { await Task.Delay(100); await Task.Yield(); }, cancellationToken);"));

        [Fact]
        public Task In_an_async_local_function() => VerifyFixAsync(
            Endpoint("async Task PauseAsync() { {|SSE006:Thread.Sleep(100)|}; await Task.Yield(); } await PauseAsync();"),
            Endpoint("async Task PauseAsync() { await Task.Delay(100, cancellationToken); await Task.Yield(); } await PauseAsync();"));
    }

    public sealed class Tasks
    {
        [Theory]
        [InlineData("var text = {|SSE006:pending.Result|}; _ = text;", "var text = await pending; _ = text;")]
        [InlineData("var length = {|SSE006:pending.Result|}.Length; _ = length;", "var length = (await pending).Length; _ = length;")]
        [InlineData("var text = {|SSE006:pendingValue.Result|}; _ = text;", "var text = await pendingValue; _ = text;")]
        [InlineData("{|SSE006:pending.Wait()|};", "await pending;")]
        [InlineData("var text = {|SSE006:pending.GetAwaiter().GetResult()|}; _ = text;", "var text = await pending; _ = text;")]
        [InlineData("var text = {|SSE006:pending.ConfigureAwait(false).GetAwaiter().GetResult()|}.Trim(); _ = text;", "var text = (await pending.ConfigureAwait(false)).Trim(); _ = text;")]
        [InlineData("{|SSE006:quotes.RefreshAsync().GetAwaiter().GetResult()|};", "await quotes.RefreshAsync();")]
        public Task Waits_become_awaits(string body, string fixedBody) => VerifyFixAsync(Endpoint(body), Endpoint(fixedBody));

        [Theory]
        [InlineData("var text = {|SSE006:http.GetStringAsync(\"https://example.com/\").Result|}; _ = text;", "var text = await http.GetStringAsync(\"https://example.com/\", cancellationToken); _ = text;")]
        [InlineData("var price = {|SSE006:quotes.LatestAsync(\"MSFT\").Result|}; _ = price;", "var price = await quotes.LatestAsync(\"MSFT\", cancellationToken); _ = price;")]
        [InlineData("var price = {|SSE006:quotes.LatestAsync(symbol: \"MSFT\").Result|}; _ = price;", "var price = await quotes.LatestAsync(symbol: \"MSFT\", cancellationToken: cancellationToken); _ = price;")]
        [InlineData("{|SSE006:http.GetStringAsync(\"https://example.com/\").ConfigureAwait(false).GetAwaiter().GetResult()|};", "await http.GetStringAsync(\"https://example.com/\", cancellationToken).ConfigureAwait(false);")]
        public Task The_awaited_call_gets_the_token_SSE002_would_ask_for(string body, string fixedBody) => VerifyFixAsync(Endpoint(body), Endpoint(fixedBody));
    }

    public sealed class AsyncTwins
    {
        [Theory]
        [InlineData("var text = {|SSE006:File.ReadAllText(\"prices.json\")|}; _ = text;", "var text = await File.ReadAllTextAsync(\"prices.json\", cancellationToken); _ = text;")]
        [InlineData("var text = {|SSE006:File.ReadAllText(path: \"prices.json\")|}; _ = text;", "var text = await File.ReadAllTextAsync(path: \"prices.json\", cancellationToken: cancellationToken); _ = text;")]
        [InlineData("var buffer = new byte[16]; var read = {|SSE006:body.Read(buffer, 0, buffer.Length)|}; _ = read;", "var buffer = new byte[16]; var read = await body.ReadAsync(buffer, 0, buffer.Length, cancellationToken); _ = read;")]
        [InlineData("{|SSE006:writer.Flush()|};", "await writer.FlushAsync(cancellationToken);")]
        [InlineData("{|SSE006:gate.Wait()|};", "await gate.WaitAsync(cancellationToken);")]
        [InlineData("var price = {|SSE006:quotes.Latest(\"MSFT\")|}; _ = price;", "var price = await quotes.LatestAsync(\"MSFT\", cancellationToken); _ = price;")]
        [InlineData("{|SSE006:quotes.Refresh()|};", "await quotes.RefreshAsync();")]
        [InlineData("{|SSE006:writer.WriteLine(\"tick\")|};", "await writer.WriteLineAsync(\"tick\");")]
        [InlineData("string? line; while ((line = {|SSE006:reader.ReadLine()|}) != null) { _ = line; }", "string? line; while ((line = await reader.ReadLineAsync(cancellationToken)) != null) { _ = line; }")]
        public Task Become_the_awaited_twin(string body, string fixedBody) => VerifyFixAsync(Endpoint(body), Endpoint(fixedBody));
    }

    /// <summary>Where <c>await</c> is not legal or would wake SSE004, the diagnostic stays and no fix is offered.</summary>
    public sealed class NoFix
    {
        [Theory]
        [InlineData("lock (quotes) { {|SSE006:Thread.Sleep(100)|}; }")]
        [InlineData("await Task.Run(() => {|SSE006:Thread.Sleep(100)|});")]
        [InlineData("Action pause = delegate { {|SSE006:Thread.Sleep(100)|}; }; pause();")]
        [InlineData("void Pause() => {|SSE006:Thread.Sleep(100)|}; Pause();")]
        [InlineData("var texts = from q in new[] { quotes } select {|SSE006:pending.Result|}; _ = texts;")]
        [InlineData("try { await Task.Yield(); } catch (Exception e) when ({|SSE006:pending.Result|}.Length > e.Message.Length) { }")]
        [InlineData("var text = {|SSE006:http.GetStringAsync(\"https://example.com/\", CancellationToken.None).Result|}; _ = text;")]
        [InlineData("{|SSE006:signal.WaitOne()|}; {|SSE006:Task.WaitAll(batch)|}; {|SSE006:pending.Wait(TimeSpan.FromSeconds(1))|}; {|SSE006:SpinWait.SpinUntil(() => pending.IsCompleted)|};")]
        [InlineData("Span<byte> buffer = stackalloc byte[16]; _ = {|SSE006:body.Read(buffer)|};")]
        public Task Where_await_cannot_go_or_no_awaited_form_exists(string body) => Verify.VerifyCodeFixAsync(Endpoint(body), Endpoint(body));

        [Fact]
        public Task In_an_endpoint_that_is_not_async() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Prices
            {
                [SseEndpoint("/prices")]
                public static IAsyncEnumerable<string> Stream(System.Threading.Channels.Channel<string> feed, CancellationToken cancellationToken)
                {
                    {|SSE006:Thread.Sleep(100)|};
                    return feed.Reader.ReadAllAsync(cancellationToken);
                }
            }
            """, Usings + """
            public static class Prices
            {
                [SseEndpoint("/prices")]
                public static IAsyncEnumerable<string> Stream(System.Threading.Channels.Channel<string> feed, CancellationToken cancellationToken)
                {
                    {|SSE006:Thread.Sleep(100)|};
                    return feed.Reader.ReadAllAsync(cancellationToken);
                }
            }
            """);

        // Awaiting pending without a token would turn this loop, which the consumer drives through its
        // yield today, into one that waits where no disposal reaches it: SSE004's case.
        [Fact]
        public async Task In_an_endless_loop_that_observes_no_token()
        {
            var source = Usings + """
                public static class Ticker
                {
                    [SseEndpoint("/ticker")]
                    public static async IAsyncEnumerable<string> Stream(Func<Task<string>> next, [EnumeratorCancellation] CancellationToken cancellationToken)
                    {
                        await Task.Yield();
                        while (true)
                        {
                            var text = {|SSE006:next().Result|};
                            yield return text;
                        }
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, source);
            await OtherRulesStayQuiet(source.Replace("{|SSE006:next().Result|}", "next().Result", System.StringComparison.Ordinal));
        }
    }
}
