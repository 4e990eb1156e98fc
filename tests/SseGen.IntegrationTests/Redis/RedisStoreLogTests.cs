using Microsoft.Extensions.Logging.Testing;

namespace SseGen.IntegrationTests.Redis;

/// <summary>What the Redis store logs about a channel carries its name escaped by the shared rules (<c>SseLogText</c>).</summary>
public sealed class RedisStoreLogTests
{
    [Fact]
    public void A_channel_name_in_a_log_is_a_structured_value_with_its_control_characters_escaped()
    {
        var logger = new FakeLogger();
        RedisStoreLog.DeliveryFailed(logger, "room\r\nERROR forged\u001b[2J\u2028", "1-0", new InvalidOperationException("listener"));

        var record = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal("room\\u000D\\u000AERROR forged\\u001B[2J\\u2028", record.GetStructuredStateValue("Channel"));
        Assert.DoesNotContain('\n', record.Message);
        Assert.DoesNotContain('\r', record.Message);
        Assert.DoesNotContain('\u001b', record.Message);
    }
}
