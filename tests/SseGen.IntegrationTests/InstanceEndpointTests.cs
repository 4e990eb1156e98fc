using System.Net;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace SseGen.IntegrationTests;

/// <summary>An instance endpoint whose class takes a DI service and is IDisposable.</summary>
public sealed class DisposableStream : IDisposable
{
    private readonly ScenarioProbe _probe;
    private bool _disposed;

    public DisposableStream(ScenarioProbe probe)
    {
        _probe = probe;
        probe.Invoked();
    }

    [SseEndpoint("/instance/disposable")]
    public async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            yield return "one";
            await _probe.Gate.WaitAsync(cancellationToken);
            ObjectDisposedException.ThrowIf(_disposed, this);
            yield return "two";
        }
        finally
        {
            // The iterator's cleanup still needs its instance: it must run before Dispose.
            _probe.Timeline.Enqueue(_disposed ? "finally after dispose" : "finally");
            _probe.FinallyRan.TrySetResult();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _probe.Timeline.Enqueue("dispose");
        _probe.Disposed.TrySetResult();
    }
}

/// <summary>An instance endpoint whose class is IAsyncDisposable.</summary>
public sealed class AsyncDisposableStream(ScenarioProbe probe) : IAsyncDisposable
{
    private bool _disposed;

    [SseEndpoint("/instance/async-disposable")]
    public async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        probe.Invoked();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            yield return "one";
            await probe.Gate.WaitAsync(cancellationToken);
            ObjectDisposedException.ThrowIf(_disposed, this);
            yield return "two";
        }
        finally
        {
            probe.Timeline.Enqueue(_disposed ? "finally after dispose" : "finally");
            probe.FinallyRan.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        _disposed = true;
        probe.Timeline.Enqueue("dispose");
        probe.Disposed.TrySetResult();
    }
}

/// <summary>An instance endpoint with no dispose, whose state is per request.</summary>
public sealed class CountingStream(ScenarioProbe probe)
{
    private int _items;

    [SseEndpoint("/instance/plain")]
    public async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        probe.Invoked();
        await Task.Yield();
        for (var i = 0; i < 3; i++)
        {
            yield return $"item {++_items}";
        }
    }
}

/// <summary>A class whose constructor fails: the request gets 500 before any stream.</summary>
public sealed class FailingConstructorStream : IDisposable
{
    public FailingConstructorStream(ScenarioProbe probe)
    {
        probe.Invoked();
        throw new InvalidOperationException("constructor failed");
    }

    [SseEndpoint("/instance/failing-constructor")]
    public async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "never";
    }

    public void Dispose()
    {
    }
}

/// <summary>A disposable class whose endpoint method (not an iterator) throws before any stream exists.</summary>
public sealed class ThrowingMethodStream(ScenarioProbe probe) : IDisposable
{
    [SseEndpoint("/instance/throwing-method")]
    public IAsyncEnumerable<string> Stream()
    {
        probe.Invoked();
        throw new InvalidOperationException("method failed");
    }

    public void Dispose() => probe.Disposed.TrySetResult();
}

/// <summary>The same with <see cref="IAsyncDisposable"/>: the runtime, not generated code, picks how to dispose.</summary>
public sealed class ThrowingMethodAsyncStream(ScenarioProbe probe) : IAsyncDisposable
{
    [SseEndpoint("/instance/throwing-method-async")]
    public IAsyncEnumerable<string> Stream()
    {
        probe.Invoked();
        throw new InvalidOperationException("method failed");
    }

    public ValueTask DisposeAsync()
    {
        probe.Disposed.TrySetResult();
        return ValueTask.CompletedTask;
    }
}

public sealed class InstanceEndpointTests
{
    [Theory]
    [InlineData("/instance/throwing-method")]
    [InlineData("/instance/throwing-method-async")]
    public async Task An_instance_whose_method_throws_before_the_stream_gets_500_and_is_disposed(string path)
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var response = await server.CreateClient().GetAsync(path, cts.Token);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(1, server.Probe.Invocations);
        await server.Probe.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(5), cts.Token);
        Assert.Equal("method failed", Assert.Single(server.Logs.Errors).Exception?.Message);
    }

    [Fact]
    public async Task A_non_static_endpoint_gets_a_new_instance_built_from_DI_per_request()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var first = await SseClient.ReadEventsAsync(client, "/instance/plain");
        var second = await SseClient.ReadEventsAsync(client, "/instance/plain");

        Assert.Equal(["item 1", "item 2", "item 3"], first.Select(e => e.Data));
        Assert.Equal(["item 1", "item 2", "item 3"], second.Select(e => e.Data));
        Assert.Equal(2, server.Probe.Invocations);
    }

    [Theory]
    [InlineData("/instance/disposable")]
    [InlineData("/instance/async-disposable")]
    public async Task A_disposable_endpoint_class_is_disposed_after_its_stream_ends_and_not_before(string path)
    {
        await using var server = await TestServer.StartAsync();
        var probe = server.Probe;
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(server.CreateClient(), path, cts.Token);
        await using var events = SseParser.Create(await response.Content.ReadAsStreamAsync(cts.Token)).EnumerateAsync(cts.Token).GetAsyncEnumerator();

        Assert.True(await events.MoveNextAsync());
        Assert.Equal("one", events.Current.Data);
        Assert.False(probe.Disposed.Task.IsCompleted, "The instance was disposed while its stream was still running.");
        probe.Gate.Release();
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("two", events.Current.Data);
        Assert.False(await events.MoveNextAsync());

        await probe.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(["finally", "dispose"], probe.Timeline);
        Assert.Equal(1, probe.Invocations);
        Assert.Empty(server.Logs.Errors);
    }

    [Theory]
    [InlineData("/instance/disposable")]
    [InlineData("/instance/async-disposable")]
    public async Task A_disposable_endpoint_class_is_disposed_after_the_client_disconnects(string path)
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        var response = await SseClient.OpenAsync(server.CreateClient(), path, cts.Token);
        var reader = new RawStreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        await reader.ReadUntilAsync(t => t == "data: one\n\n", TestServer.Timeout);

        response.Dispose();

        await server.Probe.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(1));
        await server.Probe.FinallyRan.Task.WaitAsync(TimeSpan.FromSeconds(1));
        await server.Logs.WaitForStreamEndAsync();
        Assert.Empty(server.Logs.Errors);
    }

    [Theory]
    [InlineData("/instance/disposable")]
    [InlineData("/instance/async-disposable")]
    public async Task After_a_disconnect_the_instance_is_disposed_only_after_its_iterators_finally_ran(string path)
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        var response = await SseClient.OpenAsync(server.CreateClient(), path, cts.Token);
        var reader = new RawStreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        await reader.ReadUntilAsync(t => t == "data: one\n\n", TestServer.Timeout);

        response.Dispose();

        await server.Probe.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(1));
        await server.Probe.FinallyRan.Task.WaitAsync(TimeSpan.FromSeconds(1));
        // The iterator's finally may still use its instance, so the instance must be disposed after it.
        Assert.Equal(["finally", "dispose"], server.Probe.Timeline);
    }

    [Fact]
    public async Task A_constructor_that_throws_gets_500_and_one_error_log()
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var response = await server.CreateClient().GetAsync("/instance/failing-constructor", cts.Token);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, server.Probe.Invocations);
        Assert.Equal("constructor failed", Assert.Single(server.Logs.Errors).Exception?.Message);
    }
}
