using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>
/// Where one channel's ids, history and order come from: this process
/// (<see cref="SseMemoryChannelBackend{T}"/>) or an <see cref="ISseChannelStore"/> shared by every
/// instance (<see cref="SseStoreChannelBackend{T}"/>). The channel owns its subscribers, its lock and
/// its removal; it calls a backend under its lock unless a member says otherwise.
/// </summary>
internal abstract class SseChannelBackend<T>(SseChannel<T> channel)
{
    // Made at the first event: a channel that is only subscribed to, or only named, needs none.
    private ArrayBufferWriter<byte>? _buffer;
    private SseFrameWriter? _writer;

    protected SseChannel<T> Channel { get; } = channel;

    protected SseChannels<T> Owner => Channel.Owner;

    /// <summary>The id of the newest event this channel has, or <see langword="null"/> before the first.</summary>
    public abstract string? LastEventId { get; }

    /// <summary>False while <see cref="Start"/> has work to do; read without the lock.</summary>
    public virtual bool IsStarted => true;

    /// <summary>Makes the channel usable, once, on the instance callers get (a store backend follows its key).</summary>
    public virtual void Start()
    {
    }

    /// <summary>Publishes without waiting; the channel is not removed.</summary>
    public abstract string Publish(T item, string? eventType);

    /// <summary>Publishes; called without the lock (a store is waited for).</summary>
    public abstract ValueTask<string> PublishAsync(T item, string? eventType, CancellationToken cancellationToken);

    /// <summary>Queues what a stream resuming after <paramref name="lastEventId"/> starts with, before it joins the live events.</summary>
    public abstract void Resume(SseSubscriber<T> subscriber, string lastEventId);

    /// <summary>Whether a channel without subscribers since <paramref name="idleSince"/> can go (timestamps of the channels' clock).</summary>
    public abstract bool HasNothingToKeep(long now, long idleSince);

    /// <summary>Hands over what the backend holds outside this process, to be disposed outside the lock; null when nothing.</summary>
    public virtual IDisposable? Release() => null;

    /// <summary>The frame writer, over an emptied buffer: one event is framed at a time, under the lock.</summary>
    protected SseFrameWriter BeginFrame()
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        return _writer ??= new SseFrameWriter(buffer, Owner.Formatter.JsonWriterOptions);
    }

    /// <summary>A copy of what was framed since <see cref="BeginFrame"/>: it is shared by every subscriber's queue.</summary>
    protected byte[] FrameBytes() => _buffer!.WrittenSpan.ToArray();
}
