using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

public sealed class StreamOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_write_timeout_that_is_not_positive_is_refused_with_a_clear_error(int seconds)
    {
        var options = new SseOptions();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.WriteTimeout = TimeSpan.FromSeconds(seconds));

        Assert.Contains("Timeout.InfiniteTimeSpan", error.Message);
    }

    [Fact]
    public void The_write_timeout_defaults_to_30_seconds_and_infinite_turns_it_off()
    {
        var options = new SseOptions();
        Assert.Equal(TimeSpan.FromSeconds(30), options.WriteTimeout);

        options.WriteTimeout = Timeout.InfiniteTimeSpan;

        Assert.Null(options.EffectiveWriteTimeout);
    }

    [Theory]
    [InlineData(15_000, 30_000, 1_000)] // the defaults: at most one second
    [InlineData(200, 30_000, 25)]
    [InlineData(0, 400, 50)]            // keep-alive off: the write timeout alone
    [InlineData(2, 30_000, 1)]          // never below a millisecond
    public void The_clock_ticks_an_eighth_of_the_shorter_interval(int keepAliveMs, int writeTimeoutMs, int expectedMs)
    {
        TimeSpan? keepAlive = keepAliveMs == 0 ? null : TimeSpan.FromMilliseconds(keepAliveMs);

        var period = SseStreamClock.GetPeriod(keepAlive, TimeSpan.FromMilliseconds(writeTimeoutMs));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), period);
    }
}
