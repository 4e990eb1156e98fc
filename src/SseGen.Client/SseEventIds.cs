using System;
using System.Globalization;
using System.Text;

namespace SseGen.Client;

/// <summary>
/// Which event ids can be sent back as <c>Last-Event-ID</c>. Agreed with the SseGen server, which refuses to write any
/// other id: visible ASCII only (0x21-0x7E). A space would be trimmed by proxies at either end, a control character or a
/// non-ASCII character is refused by HttpClient ("Request headers must contain only ASCII characters") or decoded
/// differently by each server.
/// </summary>
internal static class SseEventIds
{
    public static bool IsSendable(string id) => IndexOfUnsendable(id) < 0;

    public static int IndexOfUnsendable(string id)
    {
        for (var i = 0; i < id.Length; i++)
        {
            if (id[i] is < '\x21' or > '\x7E')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The id as a message can show it: at most 64 characters, each one outside visible ASCII as <c>\uXXXX</c>.</summary>
    public static string Describe(string id) => SseLogText.Escape(id, 64, asciiOnly: true);

    public static SseProtocolException Unsendable(string requestUri, string id)
    {
        var index = IndexOfUnsendable(id);
        var c = id[index];
        return new SseProtocolException(
            SseProtocolError.UnsendableEventId,
            requestUri,
            $"The SSE stream {requestUri} cannot be resumed: its last event id \"{Describe(id)}\" has U+{(int)c:X4} at index {index}, " +
            "and a Last-Event-ID header carries only visible ASCII (0x21-0x7E). The stream ends instead of reconnecting from the start " +
            "or retrying a request that cannot be sent; the server should use ids such as numbers or base64url.");
    }
}
