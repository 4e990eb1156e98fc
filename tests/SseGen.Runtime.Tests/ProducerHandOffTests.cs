using System.Threading.Tasks.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>
/// A producer's <c>MoveNextAsync</c> reports completed a moment before it invokes the continuation
/// the loop registered. The loop must not call <c>MoveNextAsync</c> or <c>DisposeAsync</c> again in
/// that moment: an async iterator then resets its promise under the continuation still being
/// invoked, which crashed the process ("An unexpected state object was encountered") on 10,000
/// disconnects in CI. This producer stretches that moment to 60 ms and counts every call inside it,
/// while keep-alive ticks every few milliseconds wake the loop to look.
/// </summary>
public sealed class ProducerHandOffTests
{
    [Fact]
    public async Task The_loop_takes_an_item_only_after_the_producer_has_finished_signalling_it()
    {
        var producer = new SlowSignallingProducer(items: 4);

        var text = await StreamAsync(producer, TimeSpan.FromSeconds(10));
        Assert.True(producer.CallsWhileSignalling == 0, $"{producer.CallsWhileSignalling} call(s) reached the producer while it was still signalling the previous item.");
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(text, "^data: item", System.Text.RegularExpressions.RegexOptions.Multiline).Count);
        Assert.True(producer.KeepAliveWindowSeen, "No keep-alive tick woke the loop during a signalling window, so the test proved nothing.");
    }

    [Fact]
    public async Task The_loop_takes_an_item_on_the_thread_that_completed_it()
    {
        using var producer = new ThreadCompletedProducer(items: 200);

        var text = await StreamAsync(producer, TimeSpan.FromSeconds(20));
        Assert.Equal(200, System.Text.RegularExpressions.Regex.Matches(text, "^data: item", System.Text.RegularExpressions.RegexOptions.Multiline).Count);
        // The loop is waiting when each item completes (2 ms later), so nearly every next call comes
        // from inside the producer's own continuation; through the thread pool none would.
        Assert.True(producer.CallsInsideContinuation >= 150, $"Only {producer.CallsInsideContinuation} of 200 MoveNextAsync calls came from the completing thread's continuation: the loop resumed elsewhere.");
    }

    /// <summary>
    /// Every item completes on one dedicated thread, 2 ms after it was asked for; the producer counts
    /// the calls made from inside its continuation (the loop run inline). The moment between
    /// "completed" and the continuation's invocation is the first test's.
    /// </summary>
    private sealed class ThreadCompletedProducer : IAsyncEnumerable<string?>, IAsyncEnumerator<string?>, IValueTaskSource<bool>, IDisposable
    {
        private readonly int _items;
        private readonly System.Collections.Concurrent.BlockingCollection<short> _requests = new();
        private readonly Thread _signaller;
        private ManualResetValueTaskSourceCore<bool> _core;
        private int _made;
        private volatile bool _invoking;
        private int _signallerId;
        public ThreadCompletedProducer(int items)
        {
            _items = items;
            _signaller = new Thread(Signal) { IsBackground = true };
            _signaller.Start();
        }

        public int CallsInsideContinuation { get; private set; }

        public string? Current => "item " + _made;

        public IAsyncEnumerator<string?> GetAsyncEnumerator(CancellationToken cancellationToken = default) => this;

        public ValueTask<bool> MoveNextAsync()
        {
            if (_invoking && Environment.CurrentManagedThreadId == _signallerId)
            {
                CallsInsideContinuation++;
            }

            _core.Reset();
            _requests.Add(_core.Version);
            return new ValueTask<bool>(this, _core.Version);
        }

        public ValueTask DisposeAsync() => default;

        public bool GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        public void Dispose() => _requests.CompleteAdding();

        private void Signal()
        {
            _signallerId = Environment.CurrentManagedThreadId;
            foreach (var _ in _requests.GetConsumingEnumerable())
            {
                Thread.Sleep(2);
                var more = ++_made <= _items;
                _invoking = true;
                _core.SetResult(more);
                _invoking = false;
            }
        }
    }

    /// <summary>Streams <paramref name="producer"/> to the end with keep-alive ticks every 5 ms; the body as text.</summary>
    private static async Task<string> StreamAsync(IAsyncEnumerable<string?> producer, TimeSpan timeout)
    {
        var services = new ServiceCollection();
        services.AddOptions();
        services.AddLogging();
        services.Configure<SseOptions>(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(5));
        await using var provider = services.BuildServiceProvider();
        var host = SseEndpointHost.Create(provider);
        var context = new DefaultHttpContext { RequestServices = provider };
        var body = new MemoryStream();
        context.Response.Body = body;
        await host.RunAsync(context, "HandOff", producer, new TextItemFormatter(), CancellationToken.None).WaitAsync(timeout);
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }

    /// <summary>Every item: pending, then completed, then 60 ms later the continuation is invoked.</summary>
    private sealed class SlowSignallingProducer(int items) : IAsyncEnumerable<string?>, IAsyncEnumerator<string?>, IValueTaskSource<bool>
    {
        private readonly Lock _gate = new();
        private int _made;
        private short _version;
        private bool _completed;
        private bool _result;
        private volatile bool _signalling;
        private Action<object?>? _continuation;
        private object? _state;
        private int _calls;

        public int CallsWhileSignalling => Volatile.Read(ref _calls);

        public bool KeepAliveWindowSeen { get; private set; }

        public string? Current => "item " + _made;

        public IAsyncEnumerator<string?> GetAsyncEnumerator(CancellationToken cancellationToken = default) => this;

        public ValueTask<bool> MoveNextAsync()
        {
            Check();
            lock (_gate)
            {
                _version++;
                _completed = false;
                _continuation = null;
                _state = null;
            }

            var version = _version;
            _ = Task.Run(async () =>
            {
                await Task.Delay(10);
                _result = ++_made <= items;
                lock (_gate)
                {
                    _completed = true;
                    _signalling = true;
                }

                // The window: completed, continuation not yet invoked. Keep-alive ticks land in it.
                await Task.Delay(60);
                KeepAliveWindowSeen = true;
                Action<object?>? continuation;
                object? state;
                lock (_gate)
                {
                    continuation = _continuation;
                    state = _state;
                    _signalling = false;
                }

                continuation?.Invoke(state);
            });
            return new ValueTask<bool>(this, version);
        }

        public ValueTask DisposeAsync()
        {
            Check();
            return default;
        }

        public bool GetResult(short token)
        {
            Check();
            return _result;
        }

        public ValueTaskSourceStatus GetStatus(short token)
        {
            lock (_gate)
            {
                return _completed ? ValueTaskSourceStatus.Succeeded : ValueTaskSourceStatus.Pending;
            }
        }

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        {
            lock (_gate)
            {
                if (!_completed || _signalling)
                {
                    _continuation = continuation;
                    _state = state;
                    return;
                }
            }

            ThreadPool.QueueUserWorkItem(continuation, state, preferLocal: false);
        }

        private void Check()
        {
            if (_signalling)
            {
                Interlocked.Increment(ref _calls);
            }
        }
    }
}
