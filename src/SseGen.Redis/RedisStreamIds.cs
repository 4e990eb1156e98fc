using System;
using System.Globalization;
using StackExchange.Redis;

namespace SseGen;

/// <summary>Redis Stream ids (<c>milliseconds-sequence</c>): parsing, and whether a stream still holds everything after one.</summary>
internal static class RedisStreamIds
{
    public static bool TryParse(string? id, out (ulong Ms, ulong Seq) value)
    {
        value = default;
        if (id is null)
        {
            return false;
        }

        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && ulong.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out value.Ms)
            && ulong.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out value.Seq);
    }

    /// <summary>The id just before every id of millisecond <paramref name="ms"/>: reading after it starts at that millisecond.</summary>
    public static string Before(long ms) => (ms - 1).ToString(CultureInfo.InvariantCulture) + "-" + ulong.MaxValue.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether every event after <paramref name="after"/> is still in the stream that
    /// <c>XINFO STREAM</c> described: nothing after it was trimmed (<c>max-deleted-entry-id</c>, which
    /// also covers approximate trimming in whole nodes), and it belongs to this stream's life (a
    /// stream recreated after Redis lost it starts after the client's id, with nothing trimmed yet).
    /// </summary>
    public static bool CanResumeAfter((ulong, ulong) after, RedisResult info)
    {
        var fields = (RedisResult[])info!;
        (ulong, ulong)? maxDeleted = null, lastGenerated = null, first = null;
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            switch ((string?)fields[i])
            {
                case "max-deleted-entry-id" when TryParse((string?)fields[i + 1], out var d):
                    maxDeleted = d;
                    break;
                case "last-generated-id" when TryParse((string?)fields[i + 1], out var g):
                    lastGenerated = g;
                    break;
                case "first-entry" when !fields[i + 1].IsNull && TryParse((string?)((RedisResult[])fields[i + 1]!)[0], out var f):
                    first = f;
                    break;
            }
        }

        if (lastGenerated is not { } last || after.CompareTo(last) > 0)
        {
            return false;
        }

        if (maxDeleted is { } deleted && deleted != (0UL, 0UL))
        {
            return after.CompareTo(deleted) >= 0;
        }

        // Nothing ever trimmed: the client's id must be one of this stream's (not older than its first entry).
        return first is not { } firstId || after.CompareTo(firstId) >= 0;
    }
}
