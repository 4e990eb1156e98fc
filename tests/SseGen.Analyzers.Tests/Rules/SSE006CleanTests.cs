using System.Threading.Tasks;
using Xunit;
using static SseGen.Analyzers.Tests.Rules.SSE006Tests;
using Verify = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.BlockingCallAnalyzer,
    SseGen.CodeFixes.BlockingCallCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>
/// SSE006's precision: calls that look blocking but do not block the stream, each the way someone
/// would write it.
/// </summary>
public sealed class SSE006CleanTests
{
    public sealed class CodeTheStreamDoesNotRun
    {
        [Fact]
        public Task A_DI_service_that_blocks_in_its_constructor() => Verify.VerifyAnalyzerAsync(Usings + """
            public sealed class PriceBoard
            {
                private readonly string _snapshot;

                // Built once by DI, before any stream runs.
                public PriceBoard(HttpClient http)
                {
                    _snapshot = http.GetStringAsync("https://example.com/prices").Result;
                    Thread.Sleep(10);
                }

                [SseEndpoint("/board")]
                public async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.Delay(1000, cancellationToken);
                    yield return _snapshot;
                }
            }
            """);

        [Fact]
        public Task A_static_initializer() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Config
            {
                private static readonly string s_motd = File.ReadAllText("motd.txt");
                private static readonly string[] s_symbols;

                static Config()
                {
                    s_symbols = File.ReadAllLines("symbols.txt");
                    Thread.Sleep(10);
                }

                [SseEndpoint("/motd")]
                public static async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.Delay(1000, cancellationToken);
                    yield return s_motd + s_symbols.Length;
                }
            }
            """);

        [Fact]
        public Task Another_method_of_the_class() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Reports
            {
                private static string Load(Task<string> pending)
                {
                    Thread.Sleep(10);
                    return pending.Result + File.ReadAllText("report.txt");
                }

                public static async IAsyncEnumerable<string> NotAnEndpoint(Task<string> pending)
                {
                    await Task.Yield();
                    Thread.Sleep(10);
                    yield return pending.Result;
                }

                [SseEndpoint("/reports")]
                public static async IAsyncEnumerable<string> Stream(Task<string> pending, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.Delay(1000, cancellationToken);
                    yield return Load(pending);
                }
            }
            """);
    }

    public sealed class FinishedTasks
    {
        [Theory]
        [InlineData("var text = await pending; yield return pending.Result + text;")]
        [InlineData("await pending.ConfigureAwait(false); yield return pending.GetAwaiter().GetResult();")]
        [InlineData("await pendingValue; yield return pendingValue.Result;")]
        [InlineData("await pending; pending.Wait();")]
        public Task Awaited_before(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));

        [Theory]
        [InlineData("await Task.WhenAll(batch); foreach (var text in batch.Select(t => t.Result)) { yield return text; }")]
        [InlineData("await Task.WhenAll(batch); foreach (var task in batch) { yield return task.Result; }")]
        [InlineData("await Task.WhenAll(batch); yield return batch[0].Result;")]
        [InlineData("var all = Task.WhenAll(pending, Task.FromResult(\"b\")); await all; yield return pending.Result;")]
        [InlineData("await Task.WhenAll(batch.Where(t => t != null)); yield return string.Join(\",\", batch.Where(t => t.IsCompleted).Select(t => t.Result));")]
        public Task After_WhenAll(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));

        [Theory]
        [InlineData("var done = await Task.WhenAny(batch); yield return done.Result;")]
        [InlineData("await Task.WhenAny(pending, Task.Delay(100, cancellationToken)); yield return pending.Result;")]
        [InlineData("yield return (await Task.WhenAny(batch)).Result;")]
        [InlineData("Task<string> first; first = await Task.WhenAny(pending, Task.FromResult(\"b\")); yield return first.Result;")]
        [InlineData("await Task.WhenAny(pending, Task.Delay(100, cancellationToken)); if (pending.IsCompleted) { yield return pending.Result; }")]
        public Task The_result_of_WhenAny(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));

        [Theory]
        [InlineData("var length = await pending.ContinueWith(done => done.Result.Length, cancellationToken); yield return length.ToString();")]
        [InlineData("await pending.ContinueWith(done => done.GetAwaiter().GetResult(), TaskScheduler.Default); yield return \"done\";")]
        public Task The_antecedent_of_a_continuation(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));

        [Theory]
        [InlineData("if (pending.IsCompleted) { yield return pending.Result; }")]
        [InlineData("if (pending.IsCompletedSuccessfully) { yield return pending.GetAwaiter().GetResult(); }")]
        [InlineData("if (pending.Status == TaskStatus.RanToCompletion) { yield return pending.Result; }")]
        [InlineData("if (!pendingValue.IsCompleted) { yield break; } yield return pendingValue.Result;")]
        [InlineData("yield return pending.IsFaulted || pending.IsCanceled ? \"failed\" : pending.Result;")]
        public Task Guarded_by_a_completion_check(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));
    }

    public sealed class NotBlocking
    {
        [Theory]
        [InlineData("using var buffer = new MemoryStream(); buffer.Write(new byte[4], 0, 4); buffer.Flush(); buffer.Position = 0; _ = buffer.Read(new byte[4], 0, 4);")]
        [InlineData("System.IO.Stream copy = new MemoryStream(); copy.Write(new byte[4], 0, 4); copy.Dispose();")]
        [InlineData("using var text = new StringReader(\"a\\nb\"); var first = text.ReadLine(); var rest = text.ReadToEnd(); _ = first + rest;")]
        [InlineData("using var output = new StringWriter(); output.WriteLine(\"tick\"); output.Flush();")]
        [InlineData("var builder = new System.Text.StringBuilder(); builder.Append(\"tick\"); _ = builder.ToString();")]
        [InlineData("using var memoryWriter = new StreamWriter(new MemoryStream()); TextWriter log = Console.Out; log.WriteLine(\"tick\"); Console.Out.Flush();")]
        public Task In_memory_streams_readers_and_writers(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));

        [Theory]
        [InlineData("writer.Dispose(); reader.Dispose(); body.Dispose(); gate.Dispose(); http.Dispose();")]
        [InlineData("using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken); linked.Cancel();")]
        public Task Dispose_and_cancel(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));

        [Theory]
        [InlineData("yield return nameof(Thread.Sleep) + nameof(pending.Result) + nameof(File.ReadAllText);")]
        [InlineData("System.Linq.Expressions.Expression<Func<string>> lookup = () => pending.Result + File.ReadAllText(\"a\"); yield return lookup.ToString();")]
        public Task Named_but_never_run(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));

        [Theory]
        [InlineData("_ = signal.WaitOne(0); _ = gate.Wait(0); _ = pending.Wait(0); _ = gate.Wait(TimeSpan.Zero);")]
        [InlineData("_ = SpinWait.SpinUntil(() => signal.WaitOne(0), 0);")]
        public Task A_poll_with_a_zero_timeout(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));

        [Theory]
        [InlineData("var page = quotes.Render(1); yield return page;")]
        [InlineData("var count = quotes.Count(); yield return count.ToString();")]
        [InlineData("Quotes.Reset(); yield return \"reset\";")]
        public Task A_method_whose_Async_namesake_is_not_its_twin(string body) => Verify.VerifyAnalyzerAsync(Endpoint(body));

        [Fact]
        public Task The_awaited_forms() => Verify.VerifyAnalyzerAsync(Endpoint("""
            var price = await quotes.LatestAsync("MSFT", cancellationToken);
            await quotes.RefreshAsync();
            var text = await File.ReadAllTextAsync("prices.json", cancellationToken);
            await writer.WriteLineAsync(text);
            yield return price + text;
            """));
    }
}
