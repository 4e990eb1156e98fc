using System;

namespace SseGen;

/// <summary>How SseGen.Redis talks to Redis: given to <c>AddSseRedis(configuration, configure)</c>.</summary>
/// <example>
/// <code>
/// builder.Services.AddSseRedis("redis:6379", o =&gt; o.PublishTimeout = TimeSpan.FromSeconds(1));
/// </code>
/// </example>
public sealed class SseRedisOptions
{
    /// <summary>Prepended to every Redis key and pub/sub channel SseGen uses. Default <c>ssegen:</c>.</summary>
    public string KeyPrefix { get; set; } = "ssegen:";

    /// <summary>
    /// The longest <see cref="SseChannel{T}.PublishAsync"/> (and a resume's read of the history)
    /// waits for Redis before it throws <see cref="SseChannelUnavailableException"/>. Default 2 s.
    /// Unless the configuration string sets them, the Redis client's <c>connectTimeout</c>,
    /// <c>syncTimeout</c> and <c>asyncTimeout</c> are set to this too, so a command Redis does not
    /// answer is given up at the same bound everywhere.
    /// </summary>
    /// <remarks>
    /// A publish that timed out was sent: if Redis was only slow or frozen, it may still be appended
    /// when Redis answers again. Only one that failed because Redis could not be reached at all is
    /// certainly not appended.
    /// </remarks>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(2);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(KeyPrefix);
        if (PublishTimeout <= TimeSpan.Zero || PublishTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(PublishTimeout), PublishTimeout, "The publish timeout must be more than zero and at most 10 minutes.");
        }
    }
}
