using System;
using System.Threading;
using System.Threading.Tasks;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>
/// One broadcast channel: every item published to it goes to every client subscribed to it. The
/// item is serialized and framed once, whatever the number of subscribers; each subscriber has its
/// own bounded queue; the channel keeps a bounded history so a client that reconnects with
/// <c>Last-Event-ID</c> gets exactly what it missed. Get one from <see cref="SseChannels{T}"/>.
/// </summary>
/// <remarks>
/// A channel nobody subscribes to is removed once it has nothing left to keep
/// (<see cref="SseChannelOptions.IdleLifetime"/>). A reference kept past that still works: publishing
/// and subscribing go to the live channel of the same name, created again if needed.
/// </remarks>
/// <typeparam name="T">The item type, serialized as JSON.</typeparam>
/// <example>
/// <code>
/// [SseEndpoint("/chat/{room}")]
/// public static IAsyncEnumerable&lt;SseItem&lt;ChatMessage&gt;&gt; Chat(string room, SseChannels&lt;ChatMessage&gt; rooms,
///     [FromHeader(Name = "Last-Event-ID")] string? lastEventId) =&gt;
///     rooms.Get(room).Subscribe(lastEventId);
/// </code>
/// </example>
public sealed class SseChannel<T>
{
    // Ids, history and order: in this process, or in the app's ISseChannelStore.
    private readonly SseChannelBackend<T> _backend;
    private SseSubscriber<T>[] _subscribers = [];
    private long _idleSince;
    private bool _removed;

    internal SseChannel(SseChannels<T> owner, string name)
    {
        Owner = owner;
        Name = name;
        _idleSince = owner.Time.GetTimestamp();
        _backend = owner.CreateBackend(this);
    }

    /// <summary>The channel's name (a chat room, a ticker symbol, …).</summary>
    public string Name { get; }

    /// <summary>How many streams are subscribed now.</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>
    /// The id of the last published event, or <see langword="null"/> before the first. In a shared
    /// store (SseGen.Redis), the last event this instance has received from it.
    /// </summary>
    public string? LastEventId
    {
        get
        {
            lock (Lock)
            {
                return _backend.LastEventId;
            }
        }
    }

    internal SseChannels<T> Owner { get; }

    /// <summary>Held while events are offered, subscribers join or leave, and the channel is removed.</summary>
    internal object Lock { get; } = new();

    /// <summary>
    /// Publishes <paramref name="item"/> to every subscriber and to the history. It is serialized
    /// and framed once, here; a full subscriber queue never blocks this call. In memory only: a
    /// channel in a shared store (SseGen.Redis) needs <see cref="PublishAsync"/>, which never blocks a thread.
    /// </summary>
    /// <param name="item">The item, written as the event's JSON data.</param>
    /// <param name="eventType">The <c>event:</c> name; <see langword="null"/> for <c>message</c>.</param>
    /// <returns>The event's id, as the client sees it (<c>id:</c>) and sends it back in <c>Last-Event-ID</c>.</returns>
    /// <exception cref="SseFormatException"><paramref name="eventType"/> contains a line break.</exception>
    /// <exception cref="InvalidOperationException">The channel lives in a shared store: use <see cref="PublishAsync"/>.</exception>
    /// <exception cref="SseChannelLimitException">This channel was removed, a new one of its name is needed, and the limit is reached.</exception>
    public string Publish(T item, string? eventType = null)
    {
        lock (Lock)
        {
            if (!_removed)
            {
                return _backend.Publish(item, eventType);
            }
        }

        return Owner.Get(Name).Publish(item, eventType);
    }

    /// <summary>
    /// Publishes <paramref name="item"/> as <see cref="Publish"/> does; with a shared store
    /// (<see cref="ISseChannelStore"/>, such as SseGen.Redis) the item is serialized here, once, and
    /// appended to the store, and every instance (this one included) frames it once and hands it to
    /// its subscribers. In memory it completes at once.
    /// </summary>
    /// <param name="item">The item, written as the event's JSON data.</param>
    /// <param name="eventType">The <c>event:</c> name; <see langword="null"/> for <c>message</c>.</param>
    /// <param name="cancellationToken">Stops waiting for the store (the event may still be appended).</param>
    /// <returns>The event's id, as the client sees it (<c>id:</c>) and sends it back in <c>Last-Event-ID</c>.</returns>
    /// <exception cref="SseFormatException"><paramref name="eventType"/> contains a line break.</exception>
    /// <exception cref="SseChannelUnavailableException">The shared store cannot be reached or did not answer in time; the event was not published.</exception>
    public ValueTask<string> PublishAsync(T item, string? eventType = null, CancellationToken cancellationToken = default) =>
        _backend.PublishAsync(item, eventType, cancellationToken);

    /// <summary>
    /// A subscription for one stream: return it from an <c>[SseEndpoint]</c> method. It joins the
    /// channel when the stream starts and leaves it when the stream ends.
    /// </summary>
    /// <param name="lastEventId">
    /// The client's <c>Last-Event-ID</c> header: the stream starts with the events published after
    /// it, or with a <c>reset</c> event (<see cref="SseChannelEvents.Reset"/>) when they are no longer
    /// in the history. <see langword="null"/> or empty: only events published from now on. Any text
    /// is safe here: it is compared with the channel's ids, never written back.
    /// </param>
    public SseSubscription<T> Subscribe(string? lastEventId = null) => new(this, lastEventId);

    /// <summary>Joins a stream to the channel: its replay (or reset) and its live events meet with no gap.</summary>
    internal SseSubscriber<T> Attach(string? lastEventId)
    {
        lock (Lock)
        {
            if (!_removed)
            {
                var subscriber = new SseSubscriber<T>(this, Owner.Options, Owner.Metrics);
                if (!string.IsNullOrEmpty(lastEventId))
                {
                    _backend.Resume(subscriber, lastEventId);
                }

                var subscribers = _subscribers;
                var grown = new SseSubscriber<T>[subscribers.Length + 1];
                subscribers.CopyTo(grown, 0);
                grown[^1] = subscriber;
                Volatile.Write(ref _subscribers, grown);
                return subscriber;
            }
        }

        // Removed since the caller got it: under its lock no one joins it any more, so join the live one.
        return Owner.Get(Name).Attach(lastEventId);
    }

    /// <summary>
    /// Hands an event to every subscriber; the caller holds the lock, so all see the same order. The
    /// subscribers that were waiting are woken by delivery passes on the thread pool, a few dozen
    /// subscribers per pass, so this never runs a stream itself.
    /// </summary>
    internal void OfferLocked(SseFrame entry)
    {
        var subscribers = _subscribers;
        SseDelivery<T>? pass = null;
        for (var i = 0; i < subscribers.Length; i++)
        {
            if (!subscribers[i].Offer(entry))
            {
                continue;
            }

            pass ??= SseDelivery<T>.Rent();
            pass.Add(subscribers[i]);
            if (pass.IsFull)
            {
                pass.Dispatch();
                pass = null;
            }
        }

        pass?.Dispatch();
    }

    /// <summary>
    /// Makes sure the channel is usable: false when it was removed (the caller takes the live one).
    /// Its backend starts here, once, on the instance callers get (a channel in a shared store follows it).
    /// </summary>
    internal bool Activate()
    {
        if (Volatile.Read(ref _removed))
        {
            return false;
        }

        if (_backend.IsStarted)
        {
            return true;
        }

        lock (Lock)
        {
            if (_removed)
            {
                return false;
            }

            _backend.Start();
            return true;
        }
    }

    /// <summary>
    /// Removes the channel when nobody subscribes and it has nothing left to keep; under its lock,
    /// so no subscriber can join it after it is gone. Called by the sweep.
    /// </summary>
    internal bool TryRemoveIdle(long now)
    {
        if (Volatile.Read(ref _subscribers).Length > 0)
        {
            return false;
        }

        IDisposable? released;
        lock (Lock)
        {
            if (_removed || _subscribers.Length > 0 || !_backend.HasNothingToKeep(now, _idleSince))
            {
                return false;
            }

            Volatile.Write(ref _removed, true);
            Owner.Forget(this);
            released = _backend.Release();
        }

        released?.Dispose();
        return true;
    }

    /// <summary>Lets go of what the backend holds outside this process, such as a store's follower (the app is stopping).</summary>
    internal void Release()
    {
        IDisposable? released;
        lock (Lock)
        {
            released = _backend.Release();
        }

        released?.Dispose();
    }

    internal void Detach(SseSubscriber<T> subscriber)
    {
        lock (Lock)
        {
            DetachLocked(subscriber);
        }
    }

    /// <summary>Removes a subscriber; the caller holds the lock (a publish that found it full does).</summary>
    internal void DetachLocked(SseSubscriber<T> subscriber)
    {
        var subscribers = _subscribers;
        var index = Array.IndexOf(subscribers, subscriber);
        if (index < 0)
        {
            return;
        }

        if (subscribers.Length == 1)
        {
            _idleSince = Owner.Time.GetTimestamp();
            Volatile.Write(ref _subscribers, []);
            return;
        }

        var shrunk = new SseSubscriber<T>[subscribers.Length - 1];
        Array.Copy(subscribers, 0, shrunk, 0, index);
        Array.Copy(subscribers, index + 1, shrunk, index, subscribers.Length - index - 1);
        Volatile.Write(ref _subscribers, shrunk);
    }
}
