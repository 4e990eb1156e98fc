namespace SseGen.IntegrationTests;

/// <summary>
/// Tests that measure the wall clock or the process's heap, or load both cores for seconds, run
/// alone, after the parallel ones. Keep-alive, write timeout, flush bound and grace are tested on
/// a <c>FakeTimeProvider</c> and need none of this; what still must run alone, and why:
/// <list type="bullet">
/// <item><c>LatencyTests</c>: the wall-clock time from an item made to an item read (a few
/// milliseconds); a test beside it that blocks thread-pool threads would be what it measures.</item>
/// <item><c>ChurnTests</c>, <c>Broadcast/ChannelChurnTests</c>: the managed heap before and after
/// thousands of streams; another test's allocations would count as a leak.</item>
/// <item><c>ProducerShapeStressTests</c>: takes both cores for seconds with 2 ms keep-alive ticks;
/// beside it, the wall-clock smoke tests (<c>KeepAliveTests</c>, <c>OpenAtOnceTests</c>) would miss their slack.</item>
/// <item><c>Redis/RedisFaultTests</c>, <c>Redis/RedisFollowingTests</c>: a frozen redis-server and
/// its command counts (their own reasons; see those files).</item>
/// </list>
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "Measured alone";
}
