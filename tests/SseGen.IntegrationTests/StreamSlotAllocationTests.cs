using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SseGen.Infrastructure;

namespace SseGen.IntegrationTests;

/// <summary>
/// Taking and giving back a stream slot costs no allocation per request, with a limit or without.
/// Counted on the test's own thread, which never awaits, so tests running beside it cannot add to it.
/// </summary>
public sealed class StreamSlotAllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Entering_and_leaving_a_stream_slot_allocates_nothing(bool limited)
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var host = SseEndpointHost.Create(services);
        var metadata = limited ? new EndpointMetadataCollection(new SseStreamLimitAttribute(10)) : EndpointMetadataCollection.Empty;
        var context = new DefaultHttpContext();
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, metadata, "limited"));
        for (var i = 0; i < 100; i++)
        {
            using var warm = host.EnterStream(context, "Slots.Limited");
        }

        const int requests = 10_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < requests; i++)
        {
            using var slot = host.EnterStream(context, "Slots.Limited");
            Assert.True(slot.Entered);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{requests} slots (limited: {limited}) allocated {allocated} bytes.");
    }
}
