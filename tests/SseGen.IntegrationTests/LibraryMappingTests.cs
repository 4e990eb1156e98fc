using System.Net;
using Microsoft.AspNetCore.Builder;

namespace SseGen.IntegrationTests;

/// <summary>
/// A host maps the endpoints of the libraries it references through each library's public
/// Map&lt;AssemblyName&gt;SseEndpoints(), and a library whose method the generator left out fails at
/// startup instead of answering 404.
/// </summary>
public sealed class LibraryMappingTests
{
    [Fact]
    public async Task A_host_maps_two_libraries_and_streams_from_each()
    {
        await using var server = await TestServer.StartAsync(map: app =>
        {
            app.MapContosoChatSseEndpoints();
            return app.MapContosoQuotesSseEndpoints();
        });
        var client = server.CreateClient();

        var chat = Assert.Single(await SseClient.ReadEventsAsync(client, "/chat/lobby"));
        Assert.Equal("""{"room":"lobby","text":"hello from Contoso.Chat"}""", chat.Data);
        var quote = Assert.Single(await SseClient.ReadEventsAsync(client, "/quotes/MSFT"));
        Assert.Equal("MSFT from Contoso.Quotes", quote.Data);
    }

    [Fact]
    public async Task A_library_that_is_not_mapped_answers_404()
    {
        await using var server = await TestServer.StartAsync(map: app => app.MapContosoChatSseEndpoints());
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var response = await server.CreateClient().GetAsync("/quotes/MSFT", cts.Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_method_the_generator_left_out_fails_mapping_at_startup_naming_it_and_its_rule()
    {
        // Contoso.Broken builds green with analyzers off (RunAnalyzers=false), though one of its
        // methods cannot be generated.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => TestServer.StartAsync(map: app => app.MapContosoBrokenSseEndpoints()));

        Assert.Contains("Contoso.Broken", failure.Message, StringComparison.Ordinal);
        Assert.Contains("BrokenEndpoints.Body: SSE103: Parameter 'string body' cannot be bound", failure.Message, StringComparison.Ordinal);
        Assert.Contains("docs/rules/SSE103.md", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BrokenEndpoints.Fine", failure.Message, StringComparison.Ordinal);
    }
}
