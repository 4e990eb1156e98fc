using System.Globalization;
using SseGen.Tests.Shared;
using StackExchange.Redis;

namespace SseGen.IntegrationTests.Redis;

/// <summary>The test's own look into its redis-server: what the app left there, and what it sent.</summary>
internal sealed class RedisProbe : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis;

    private RedisProbe(ConnectionMultiplexer redis) => _redis = redis;

    public IDatabase Db => _redis.GetDatabase();

    private IServer Server => _redis.GetServers()[0];

    public static async Task<RedisProbe> ConnectAsync(RedisServer server) =>
        new(await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",allowAdmin=true"));

    /// <summary>The one key whose name ends with <paramref name="suffix"/> (key names are the channels' business; the suffix is the channel's name).</summary>
    public async Task<RedisKey> KeyEndingAsync(string prefix, string suffix)
    {
        var keys = new List<RedisKey>();
        await foreach (var key in Server.KeysAsync(pattern: prefix + "*" + suffix))
        {
            keys.Add(key);
        }

        Assert.True(keys.Count == 1, $"Expected one key ending with '{suffix}', found {keys.Count}.");
        return keys[0];
    }

    /// <summary>The pub/sub channels subscribed to now whose name matches <paramref name="pattern"/>.</summary>
    public async Task<string[]> ChannelsAsync(string pattern) =>
        ((RedisResult[])(await Db.ExecuteAsync("PUBSUB", "CHANNELS", pattern))!).Select(r => (string)r!).ToArray();

    public async Task<long> SubscribersAsync(string channel)
    {
        var reply = (RedisResult[])(await Db.ExecuteAsync("PUBSUB", "NUMSUB", channel))!;
        return (long)reply[1];
    }

    public Task ResetStatsAsync() => Db.ExecuteAsync("CONFIG", "RESETSTAT");

    /// <summary>Calls per command since the last <see cref="ResetStatsAsync"/>, from <c>INFO commandstats</c>.</summary>
    public async Task<Dictionary<string, long>> CommandStatsAsync()
    {
        var text = (string)(await Db.ExecuteAsync("INFO", "commandstats"))!;
        var calls = new Dictionary<string, long>();
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            // cmdstat_xrange:calls=12,usec=…
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var value = line[(colon + 1)..].Split(',')[0];
            calls[line["cmdstat_".Length..colon]] = long.Parse(value["calls=".Length..], CultureInfo.InvariantCulture);
        }

        return calls;
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
