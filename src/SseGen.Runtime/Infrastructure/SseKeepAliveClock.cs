using System;
using System.Collections.Concurrent;
using System.Threading;

namespace SseGen.Infrastructure;

/// <summary>
/// One timer for the whole application. Every interval it visits the open streams and tells the
/// ones that wrote nothing since the previous tick that a keep-alive is due; the stream's own loop
/// writes it, so a comment can never land in the middle of a frame.
/// </summary>
internal sealed class SseKeepAliveClock : IDisposable
{
    private readonly ConcurrentDictionary<SseConnection, byte> _connections = new();
    private readonly Timer _timer;

    public SseKeepAliveClock(TimeSpan interval)
    {
        // The timer must not keep the app's ExecutionContext (and its AsyncLocals) alive.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = new Timer(static state => ((SseKeepAliveClock)state!).Tick(), this, interval, interval);
        }
    }

    public int OpenStreams => _connections.Count;

    public void Register(SseConnection connection) => _connections.TryAdd(connection, 0);

    public void Unregister(SseConnection connection) => _connections.TryRemove(connection, out _);

    private void Tick()
    {
        foreach (var pair in _connections)
        {
            pair.Key.OnKeepAliveTick();
        }
    }

    public void Dispose() => _timer.Dispose();
}
