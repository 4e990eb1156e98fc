namespace SseGen.Client.Tests;

public sealed class EventIdTests
{
    [Fact]
    public async Task An_empty_id_field_clears_the_last_event_id_so_reconnects_send_none_until_a_new_id()
    {
        await using var server = new RawServer(async (connection, stream, ct) =>
        {
            var body = connection switch
            {
                0 => "id: 1\ndata: {\"n\":1}\n\n",
                // An empty id as the first id of a new connection: the parser's own id is already empty here.
                1 => "id\ndata: {\"n\":2}\n\n",
                2 => "id: 3\ndata: {\"n\":3}\n\nid:\ndata: {\"n\":4}\n\n",
                _ => "id: 5\ndata: {\"n\":5}\n\n",
            };
            await RawServer.WriteAsync(stream, RawServer.StreamHead + body, ct); // then the server closes: the client resumes
        });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var ids = new List<string?>();
        await foreach (var item in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, Fast.Retry, cts.Token))
        {
            ids.Add(item.EventId);
            if (item.Data.N == 5)
            {
                break;
            }
        }

        Assert.Equal(new string?[] { "1", null, "3", null, "5" }, ids);
        var sent = server.Requests.Select(head => RawServer.Header(head, "Last-Event-ID")).ToArray();
        Assert.Equal(new string?[] { null, "1", null, null }, sent);
    }
}
