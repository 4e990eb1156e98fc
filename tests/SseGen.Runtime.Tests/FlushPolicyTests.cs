using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>
/// The flush policy with numbers: timestamps in milliseconds (a frequency of 1,000 ticks a second),
/// so the 5 ms bound is 5 ticks. A script is a list of steps: <c>t:bytes=D</c> writes an event at
/// t with the buffer then holding bytes and expects decision D (W: wait, S: size, T: time);
/// <c>F</c> is a flush.
/// </summary>
public sealed class FlushPolicyTests
{
    [Theory]
    [InlineData("a burst made in no time waits for more", "0:100=W 0:200=W 0:300=W")]
    [InlineData("the oldest buffered event waits at most 5 ms", "0:100=W 1:200=W 4:300=W 5:400=T")]
    [InlineData("a producer that took 5 ms for an event has it sent at once", "5:100=T")]
    [InlineData("a producer that took just under 5 ms does not", "4:100=W")]
    [InlineData("16 KiB buffered go out at once", "0:16383=W 0:16384=S")]
    [InlineData("time wins over size, so the loop yields the thread", "0:100=W 5:20000=T")]
    [InlineData("after a flush the wait starts again with the next event", "0:100=W 4:16384=S F 5:100=W 9:200=W 10:300=T")]
    [InlineData("a keep-alive flush also empties the buffer", "0:100=W F 3:100=W 7:200=W 8:300=T")]
    public void Decides_from_the_time_and_the_buffered_size(string behaviour, string script)
    {
        var policy = new SseFlushPolicy(now: 0, timestampFrequency: 1_000);
        var step = 0;
        foreach (var instruction in script.Split(' '))
        {
            step++;
            if (instruction == "F")
            {
                policy.Flushed();
                continue;
            }

            var (at, rest) = Split(instruction, ':');
            var (bytes, expected) = Split(rest, '=');
            var decision = policy.EventWritten(long.Parse(at), long.Parse(bytes));
            Assert.True(Letter(decision) == expected, $"{behaviour}: step {step} ({instruction}) decided {decision}.");
        }
    }

    [Fact]
    public void The_bound_is_five_milliseconds_whatever_the_timestamp_frequency()
    {
        // The system clock's frequency (Stopwatch: 10^9 on Linux) and FakeTimeProvider's (10^7).
        foreach (var frequency in new[] { 1_000_000_000L, 10_000_000L })
        {
            var fiveMs = frequency * 5 / 1000;
            Assert.Equal(SseFlushDecision.Wait, new SseFlushPolicy(now: 0, frequency).EventWritten(fiveMs - 1, 100));
            Assert.Equal(SseFlushDecision.Time, new SseFlushPolicy(now: 0, frequency).EventWritten(fiveMs, 100));
        }
    }

    private static (string, string) Split(string text, char separator)
    {
        var at = text.IndexOf(separator, StringComparison.Ordinal);
        return (text[..at], text[(at + 1)..]);
    }

    private static string Letter(SseFlushDecision decision) => decision switch
    {
        SseFlushDecision.Wait => "W",
        SseFlushDecision.Size => "S",
        _ => "T",
    };
}
