using System.Threading.Tasks;
using Xunit;
using Verify = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.UnreleasedResourceAnalyzer,
    SseGen.CodeFixes.UnreleasedResourceCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>
/// SSE003 and the acquisitions real endpoints make: awaited subscriptions, DI scopes and factory
/// methods that return concrete disposable types.
/// </summary>
public sealed class SSE003AcquisitionTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net.Http;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using SseGen;

        public interface IBus
        {
            Task<IAsyncDisposable> SubscribeAsync(string topic, CancellationToken cancellationToken);
            ValueTask<IDisposable> LockAsync(string topic, CancellationToken cancellationToken);
            Task PublishAsync(string topic, CancellationToken cancellationToken);
        }

        public sealed class Reports : IDisposable
        {
            public string Next() => "report";
            public void Dispose() { }
        }

        """;

    public sealed class Flags
    {
        [Fact]
        public Task Awaited_subscriptions_and_locks_get_using_and_Fix_All_fixes_all() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Topics
            {
                [SseEndpoint("/topics/{topic}")]
                public static async IAsyncEnumerable<string> Stream(string topic, IBus bus, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var feed = {|SSE003:await bus.SubscribeAsync(topic, cancellationToken)|};
                    var gate = {|SSE003:await bus.LockAsync(topic, cancellationToken).ConfigureAwait(false)|};
                    {|SSE003:await bus.SubscribeAsync("audit", cancellationToken)|};
                    yield return topic;
                }
            }
            """, Usings + """
            public static class Topics
            {
                [SseEndpoint("/topics/{topic}")]
                public static async IAsyncEnumerable<string> Stream(string topic, IBus bus, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await using var feed = await bus.SubscribeAsync(topic, cancellationToken);
                    using var gate = await bus.LockAsync(topic, cancellationToken).ConfigureAwait(false);
                    await using var subscription = await bus.SubscribeAsync("audit", cancellationToken);
                    yield return topic;
                }
            }
            """);

        [Fact]
        public Task Service_scopes_sync_and_async() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Scoped
            {
                [SseEndpoint("/scoped")]
                public static async IAsyncEnumerable<string> Stream(IServiceProvider services, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var scope = {|SSE003:services.CreateScope()|};
                    var asyncScope = {|SSE003:services.CreateAsyncScope()|};
                    await Task.Delay(10, cancellationToken);
                    yield return scope.ServiceProvider.GetRequiredService<Reports>().Next();
                    yield return asyncScope.ServiceProvider.GetRequiredService<Reports>().Next();
                }
            }
            """, Usings + """
            public static class Scoped
            {
                [SseEndpoint("/scoped")]
                public static async IAsyncEnumerable<string> Stream(IServiceProvider services, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    using var scope = services.CreateScope();
                    await using var asyncScope = services.CreateAsyncScope();
                    await Task.Delay(10, cancellationToken);
                    yield return scope.ServiceProvider.GetRequiredService<Reports>().Next();
                    yield return asyncScope.ServiceProvider.GetRequiredService<Reports>().Next();
                }
            }
            """);

        [Fact]
        public Task Factory_methods_returning_concrete_disposables() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Files
            {
                [SseEndpoint("/files")]
                public static async IAsyncEnumerable<string> Stream(HttpClient http, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var response = {|SSE003:await http.GetAsync("https://example.com/feed", cancellationToken)|};
                    var local = {|SSE003:File.OpenRead("feed.txt")|};
                    yield return response.StatusCode.ToString() + local.Length;
                }
            }
            """, Usings + """
            public static class Files
            {
                [SseEndpoint("/files")]
                public static async IAsyncEnumerable<string> Stream(HttpClient http, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    using var response = await http.GetAsync("https://example.com/feed", cancellationToken);
                    using var local = File.OpenRead("feed.txt");
                    yield return response.StatusCode.ToString() + local.Length;
                }
            }
            """);
        // A local named after a contextual keyword is an ordinary name: the fix is still offered.
        [Fact]
        public Task Local_named_file_gets_the_fix_too() => Verify.VerifyCodeFixAsync(Usings + """
            public static class Files
            {
                [SseEndpoint("/file")]
                public static async IAsyncEnumerable<long> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var file = {|SSE003:File.OpenRead("feed.txt")|};
                    await Task.Delay(10, cancellationToken);
                    yield return file.Length;
                }
            }
            """, Usings + """
            public static class Files
            {
                [SseEndpoint("/file")]
                public static async IAsyncEnumerable<long> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    using var file = File.OpenRead("feed.txt");
                    await Task.Delay(10, cancellationToken);
                    yield return file.Length;
                }
            }
            """);
    }

    public sealed class DoesNotFlag
    {
        // Found in the corpus (secret-dev87/SoftMarketing): the handler lives exactly as long as the
        // watcher, which the using disposes; only the watcher itself is a resource.
        [Fact]
        public Task Events_of_an_object_the_stream_created() => Verify.VerifyAnalyzerAsync(Usings + """
            public static class Changes
            {
                private static void OnChanged(object sender, FileSystemEventArgs e) => Console.WriteLine(e.Name);

                [SseEndpoint("/changes")]
                public static async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    using var watcher = new FileSystemWatcher(".");
                    watcher.Changed += OnChanged;
                    watcher.EnableRaisingEvents = true;
                    await Task.Delay(1000, cancellationToken);
                    yield return watcher.Path;
                }
            }
            """);

        [Fact]
        public Task Released_handed_over_or_not_owned() => Verify.VerifyAnalyzerAsync(Usings + """
            public sealed class Hub
            {
                private readonly List<IAsyncDisposable> _subscriptions = new();

                [SseEndpoint("/hub/{topic}")]
                public async IAsyncEnumerable<string> Stream(string topic, IBus bus, IServiceProvider services, IHttpClientFactory clients, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await using var subscription = await bus.SubscribeAsync(topic, cancellationToken);
                    using var gate = await bus.LockAsync(topic, cancellationToken);
                    var kept = await bus.SubscribeAsync("kept", cancellationToken);
                    _subscriptions.Add(kept);
                    var later = await bus.SubscribeAsync("later", cancellationToken);
                    try
                    {
                        await bus.PublishAsync(topic, cancellationToken);
                        var reports = services.GetRequiredService<Reports>();
                        var client = clients.CreateClient("feed");
                        yield return reports.Next() + client.BaseAddress;
                    }
                    finally
                    {
                        await later.DisposeAsync();
                    }
                }
            }
            """);
    }
}
