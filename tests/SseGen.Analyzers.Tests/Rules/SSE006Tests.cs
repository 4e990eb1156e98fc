using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.BlockingCallAnalyzer,
    SseGen.CodeFixes.BlockingCallCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>SSE006: what blocks a thread inside a stream, wherever in the endpoint it is written.</summary>
public sealed class SSE006Tests
{
    internal const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using SseGen;

        public sealed class Quotes
        {
            public decimal Latest(string symbol) => 0m;
            public Task<decimal> LatestAsync(string symbol, CancellationToken cancellationToken = default) => Task.FromResult(0m);
            public void Refresh() { }
            public ValueTask RefreshAsync() => default;

            // Pairs that only look like a blocking call and its awaitable twin.
            public string Render(int id) => "";
            public Task<string> RenderAsync(string id) => Task.FromResult(id);
            public int Count() => 0;
            public Task<long> CountAsync() => Task.FromResult(0L);
            public static void Reset() { }
            public Task ResetAsync() => Task.CompletedTask;
        }

        """;

    /// <summary>An endpoint that has every kind of thing a stream might block on, and <paramref name="body"/> before its yield.</summary>
    internal static string Endpoint(string body, string token = "[EnumeratorCancellation] CancellationToken cancellationToken") => Usings + $$"""
        public static class Ticker
        {
            [SseEndpoint("/ticker")]
            public static async IAsyncEnumerable<string> Stream(
                Task<string> pending, ValueTask<string> pendingValue, Task<string>[] batch, Stream body, StreamReader reader, StreamWriter writer,
                HttpClient http, SemaphoreSlim gate, ManualResetEvent signal, Quotes quotes, {{token}})
            {
                await Task.Yield();
                {{body}}
                yield return "tick";
            }
        }
        """;

    public sealed class Flags
    {
        [Theory]
        [InlineData("{|SSE006:Thread.Sleep(1000)|};")]
        [InlineData("{|SSE006:Thread.Sleep(TimeSpan.FromSeconds(1))|};")]
        [InlineData("{|SSE006:SpinWait.SpinUntil(() => signal.WaitOne(0))|};")]
        public Task Sleeping_and_spinning(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));

        [Theory]
        [InlineData("var text = {|SSE006:pending.Result|}; _ = text;")]
        [InlineData("var text = {|SSE006:pendingValue.Result|}; _ = text;")]
        [InlineData("{|SSE006:pending.Wait()|};")]
        [InlineData("{|SSE006:pending.Wait(TimeSpan.FromSeconds(1))|};")]
        [InlineData("{|SSE006:Task.WaitAll(batch)|};")]
        [InlineData("{|SSE006:Task.WaitAny(batch)|};")]
        [InlineData("var text = {|SSE006:pending.GetAwaiter().GetResult()|}; _ = text;")]
        [InlineData("var text = {|SSE006:pendingValue.GetAwaiter().GetResult()|}; _ = text;")]
        [InlineData("var text = {|SSE006:pending.ConfigureAwait(false).GetAwaiter().GetResult()|}; _ = text;")]
        [InlineData("var text = {|SSE006:http.GetStringAsync(\"https://example.com/\").Result|}; _ = text;")]
        public Task Waiting_for_a_task(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));

        [Theory]
        [InlineData("{|SSE006:signal.WaitOne()|};")]
        [InlineData("{|SSE006:WaitHandle.WaitAll(new WaitHandle[] { signal })|};")]
        [InlineData("{|SSE006:gate.Wait()|};")]
        [InlineData("_ = {|SSE006:gate.Wait(100)|};")]
        public Task Waiting_for_a_handle_or_a_semaphore(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));

        [Theory]
        [InlineData("var next = {|SSE006:queue.Take()|}; _ = next;")]
        [InlineData("foreach (var next in {|SSE006:queue.GetConsumingEnumerable(cancellationToken)|}) { _ = next; }")]
        [InlineData("await Task.Run(() => { foreach (var next in {|SSE006:queue.GetConsumingEnumerable()|}) { _ = next; } });")]
        public Task Taking_from_a_blocking_collection(string body) =>
            Verify.VerifyAnalyzerAsync(Endpoint("var queue = new System.Collections.Concurrent.BlockingCollection<string>(16); " + body));

        [Theory]
        [InlineData("var text = {|SSE006:File.ReadAllText(\"prices.json\")|}; _ = text;")]
        [InlineData("var bytes = {|SSE006:File.ReadAllBytes(\"prices.bin\")|}; _ = bytes;")]
        [InlineData("var lines = {|SSE006:File.ReadAllLines(\"prices.txt\")|}; _ = lines;")]
        [InlineData("{|SSE006:File.WriteAllText(\"seen.txt\", \"tick\")|};")]
        [InlineData("{|SSE006:File.AppendAllText(\"seen.txt\", \"tick\")|};")]
        [InlineData("var buffer = new byte[16]; _ = {|SSE006:body.Read(buffer, 0, buffer.Length)|};")]
        [InlineData("Span<byte> buffer = stackalloc byte[16]; _ = {|SSE006:body.Read(buffer)|};")]
        [InlineData("{|SSE006:body.Write(new byte[16], 0, 16)|};")]
        [InlineData("{|SSE006:body.CopyTo(System.IO.Stream.Null)|};")]
        [InlineData("{|SSE006:body.Flush()|};")]
        [InlineData("var line = {|SSE006:reader.ReadLine()|}; _ = line;")]
        [InlineData("var all = {|SSE006:reader.ReadToEnd()|}; _ = all;")]
        [InlineData("{|SSE006:writer.WriteLine(\"tick\")|};")]
        [InlineData("{|SSE006:writer.Flush()|};")]
        [InlineData("using var file = new StreamWriter(\"seen.txt\"); TextWriter log = file; {|SSE006:file.Write(\"tick\")|};")]
        [InlineData("using var response = {|SSE006:http.Send(new HttpRequestMessage(HttpMethod.Get, \"https://example.com/\"))|};")]
        public Task Synchronous_io(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));

        [Theory]
        [InlineData("var price = {|SSE006:quotes.Latest(\"MSFT\")|}; _ = price;")]
        [InlineData("{|SSE006:quotes.Refresh()|};")]
        public Task A_call_with_an_awaitable_twin(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));

        [Fact]
        public Task In_a_lambda_the_stream_starts() => Verify.VerifyAnalyzerAsync(Endpoint("""
            await Task.Run(() => {|SSE006:Thread.Sleep(100)|});
            var text = await Task.Run(() => {|SSE006:File.ReadAllText("prices.json")|});
            _ = text;
            """));

        [Fact]
        public Task In_a_local_function() => Verify.VerifyAnalyzerAsync(Endpoint("""
            string Next() => {|SSE006:pending.Result|};
            _ = Next();
            """));

        [Fact]
        public Task In_an_endpoint_without_a_token() => Verify.VerifyAnalyzerAsync(Endpoint("{|SSE006:Thread.Sleep(1000)|};", token: "int every = 1"));

        [Fact]
        public Task In_an_endpoint_that_returns_a_stream_it_does_not_iterate() => Verify.VerifyAnalyzerAsync(Usings + """
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

        [Fact]
        public async Task The_message_names_the_call_and_the_awaited_form()
        {
            var test = new Verify.Test { TestCode = Endpoint("{|#0:Thread.Sleep(1000)|}; var text = {|#1:File.ReadAllText(\"prices.json\")|}; var price = {|#2:pending.Result|}; _ = text + price;") };
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SSE006", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Thread.Sleep", "await Task.Delay with the endpoint's token"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SSE006", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("File.ReadAllText", "await File.ReadAllTextAsync with the endpoint's token"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SSE006", DiagnosticSeverity.Warning).WithLocation(2).WithArguments(".Result", "await the task"));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Without_a_token_the_advice_asks_for_none()
        {
            var test = new Verify.Test { TestCode = Endpoint("{|#0:Thread.Sleep(1000)|};", token: "int every = 1") };
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SSE006", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Thread.Sleep", "await Task.Delay"));
            await test.RunAsync(CancellationToken.None);
        }
    }
}
