namespace SseGen;

/// <summary>
/// The one script an append runs, atomically and in one round trip: add the event, trim by length
/// and by age, set the key's lifetime, and notify the followers. Atomic, so an appended event always
/// has its notification (no instance waits for one that a dropped connection swallowed after the add).
/// </summary>
internal static class RedisAppendScript
{
    // KEYS[1]: the stream. ARGV: notification channel, max length, max age in ms (0: none), key
    // lifetime in ms, event type, JSON data.
    // MAXLEN ~ trims in whole radix-tree nodes (the cheap form Redis recommends), so the stream holds
    // HistoryLength events and at most one node more; a resume that reaches past HistoryLength is
    // refused by its COUNT bound, and one that reaches a trimmed event by max-deleted-entry-id.
    // MINID is exact: approximate trimming would keep a whole node of old events, and exact costs
    // only the events it removes. Its cut is taken from the new id, the server's own clock.
    public const string Text = """
        local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 't', ARGV[5], 'd', ARGV[6])
        local age = tonumber(ARGV[3])
        if age > 0 then
          local ms = tonumber(string.match(id, '^(%d+)'))
          redis.call('XTRIM', KEYS[1], 'MINID', string.format('%d', ms - age))
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('PUBLISH', ARGV[1], id)
        return id
        """;
}
