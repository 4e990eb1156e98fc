using System.Text.Json;
using System.Text.Json.Serialization;

namespace SseGen.Benchmarks;

/// <summary>
/// The one payload every peer sends: <c>{"seq":1,"ts":1736500000000000,"value":0.25}</c>. A struct,
/// so producing an item allocates nothing and every allocation measured belongs to the SSE path.
/// </summary>
/// <param name="Seq">Sequence number within the stream (or the shared feed).</param>
/// <param name="Ts">Wall-clock time the item was produced, in microseconds since the Unix epoch.</param>
/// <param name="Value">A number that changes with <paramref name="Seq"/>.</param>
public readonly record struct Tick(long Seq, long Ts, double Value);

/// <summary>Web defaults (camelCase), the same naming every peer produces.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Tick))]
internal sealed partial class BenchJson : JsonSerializerContext;

/// <summary>The clock the payload's <see cref="Tick.Ts"/> comes from; the client reads the same one.</summary>
public static class WallClock
{
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>Microseconds since the Unix epoch (CLOCK_REALTIME on Linux, shared by every process).</summary>
    public static long NowMicros() => (DateTime.UtcNow.Ticks - UnixEpochTicks) / 10;
}
