using Microsoft.AspNetCore.Builder;

namespace SseGen.IntegrationTests;

/// <summary>
/// Contoso.Broken is built with analyzers off: its endpoint with a private nested authorization
/// attribute must not be mapped without the attribute, so mapping fails at startup naming it.
/// </summary>
public sealed class UnwritableMetadataTests
{
    [Fact]
    public async Task An_endpoint_whose_authorization_attribute_cannot_be_written_fails_startup_instead_of_mapping_open()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => TestServer.StartAsync(map: app => app.MapContosoBrokenSseEndpoints()));

        Assert.Contains("BrokenEndpoints.Admin: SSE111: 'BrokenEndpoints.Admin' carries [Contoso.Broken.BrokenEndpoints.AdminOnlyAttribute]", failure.Message, StringComparison.Ordinal);
        Assert.Contains("docs/rules/SSE111.md", failure.Message, StringComparison.Ordinal);
    }
}
