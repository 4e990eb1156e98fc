using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SseGen.IntegrationTests;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a random port, built per test: the test's services and
/// middleware, then <c>app.MapSseEndpoints()</c> (every <c>[SseEndpoint]</c> of this assembly), a
/// log that records every entry, and a <see cref="ScenarioProbe"/> the endpoints report to.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    /// <summary>The longest any single wait in a test may take before the test fails instead of hanging.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly List<HttpClient> _clients = [];
    private bool _stopped;

    private TestServer(WebApplication app, Uri baseAddress, CapturingLoggerProvider logs)
    {
        App = app;
        BaseAddress = baseAddress;
        Logs = logs;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>The app's own probe (a singleton per server): endpoints report to it, tests wait on it.</summary>
    public ScenarioProbe Probe => App.Services.GetRequiredService<ScenarioProbe>();

    /// <summary>What <c>MapSseEndpoints()</c> returned (null when the test mapped it itself).</summary>
    public SseEndpointConventionBuilder? SseEndpoints { get; private set; }

    /// <summary>Builds and starts the app.</summary>
    /// <param name="configureServices">Per-test services and options.</param>
    /// <param name="configureApp">Middleware, run before the endpoints are mapped.</param>
    /// <param name="map">Maps the endpoints; by default <c>app.MapSseEndpoints()</c>.</param>
    /// <param name="environmentName">The host environment; Production unless a test says otherwise.</param>
    /// <param name="listen">The endpoint's protocols and TLS (the HTTP/2 tests); HTTP/1.1 and cleartext by default.</param>
    public static async Task<TestServer> StartAsync(
        Action<IServiceCollection>? configureServices = null,
        Action<WebApplication>? configureApp = null,
        Func<WebApplication, SseEndpointConventionBuilder?>? map = null,
        string? environmentName = null,
        Action<ListenOptions>? listen = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environmentName ?? "Production" });
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0, options => listen?.Invoke(options)));
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);

        // Every endpoint of the assembly is mapped in every app, so every app has the services they
        // take (a test may replace or remove them).
        builder.Services.AddSingleton<ScenarioProbe>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ChannelFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ChannelFeed>());
        builder.Services.AddSseChannels(WebJson.Info<Seq>());
        builder.Services.AddSseChannels(WebJson.Info<Note>());
        builder.Services.AddSseChannels(WebJson.Info<SseGen.IntegrationTests.Broadcast.Counted>());
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        try
        {
            configureApp?.Invoke(app);
            var mapped = map is null ? app.MapSseEndpoints() : map(app);

            using var cts = new CancellationTokenSource(Timeout);
            await app.StartAsync(cts.Token);
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            var address = new Uri(addresses.Single());
            Assert.True(IPAddress.IsLoopback(IPAddress.Parse(address.Host)), $"The server must listen on loopback only, not {address}.");
            return new TestServer(app, address, logs) { SseEndpoints = mapped };
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client for this server; disposed with the server.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Disposing an unfinished response must close the connection, as a browser does, rather
            // than drain the endless body for up to 2 s to reuse the connection.
            MaxResponseDrainSize = 0,
        })
        {
            BaseAddress = BaseAddress,
            Timeout = Timeout,
        };
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>Stops the app (as on shutdown), bounded by <see cref="Timeout"/>.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        using var cts = new CancellationTokenSource(Timeout);
        await App.StopAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        if (!_stopped)
        {
            await StopAsync();
        }

        await App.DisposeAsync();
    }
}

/// <summary>
/// A per-app singleton the test endpoints take from DI and report to: how often they were invoked,
/// whether their <c>finally</c> ran, whether they were disposed; and a gate a test opens step by step.
/// </summary>
public sealed class ScenarioProbe
{
    private int _invocations;
    private int _yielded;
    private int _open;
    private int _closed;

    public int Invocations => Volatile.Read(ref _invocations);

    public TaskCompletionSource FinallyRan { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What happened, in order ("finally", "dispose", …), as the endpoints record it.</summary>
    public ConcurrentQueue<string> Timeline { get; } = new();

    /// <summary>The producer waits on this between items; the test releases it.</summary>
    public SemaphoreSlim Gate { get; } = new(0);

    /// <summary>How many items the producer yielded so far.</summary>
    public int Yielded => Volatile.Read(ref _yielded);

    /// <summary>Streams whose producer started and whose finally has not run yet.</summary>
    public int OpenStreams => Volatile.Read(ref _open);

    /// <summary>How many producers' finally ran.</summary>
    public int ClosedStreams => Volatile.Read(ref _closed);

    /// <summary>When each numbered item was made (Stopwatch timestamps), for latency checks.</summary>
    public ConcurrentDictionary<int, long> MadeAt { get; } = new();

    public void Invoked() => Interlocked.Increment(ref _invocations);

    public void StreamOpened() => Interlocked.Increment(ref _open);

    public void StreamClosed()
    {
        Interlocked.Decrement(ref _open);
        Interlocked.Increment(ref _closed);
    }

    public void YieldedOne() => Interlocked.Increment(ref _yielded);
}

/// <summary>One recorded log entry.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventId.Id}]: {Message}{(Exception is null ? string.Empty : " | " + Exception.GetType().Name + ": " + Exception.Message)}";
}

/// <summary>Records every log entry of the app, with its level, for assertions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private event Action? Logged;

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IReadOnlyList<LogEntry> Errors => [.. _entries.Where(e => e.Level >= LogLevel.Error)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Waits until an entry matches, failing the test after <paramref name="timeout"/>.</summary>
    public async Task<LogEntry> WaitForAsync(Func<LogEntry, bool> predicate, TimeSpan? timeout = null)
    {
        var tcs = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            var match = _entries.FirstOrDefault(predicate);
            if (match is not null)
            {
                tcs.TrySetResult(match);
            }
        }

        Logged += Check;
        try
        {
            Check();
            return await tcs.Task.WaitAsync(timeout ?? TestServer.Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("No matching log entry. Entries:\n" + Dump());
        }
        finally
        {
            Logged -= Check;
        }
    }

    /// <summary>Waits for SseGen's "stream ended" entry and returns its text.</summary>
    public Task<LogEntry> WaitForStreamEndAsync(TimeSpan? timeout = null) =>
        WaitForAsync(e => e.Category == "SseGen" && e.Message.Contains("SSE stream", StringComparison.Ordinal) && e.Message.Contains(" ended: ", StringComparison.Ordinal), timeout);

    public string Dump() => string.Join('\n', _entries);

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        Logged?.Invoke();
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
