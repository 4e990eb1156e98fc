using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>A subscriber's growable ring of frames against .NET's own queue, under random enqueues and dequeues.</summary>
public sealed class FrameQueueTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Frames_come_out_in_the_order_they_went_in_across_growth_and_wrap_around(int seed)
    {
        var random = new Random(seed);
        var queue = new SseFrameQueue();
        var model = new Queue<SseFrame>();
        for (var step = 0; step < 20_000; step++)
        {
            // Phases that fill, then drain, so the ring both grows and wraps with items in it.
            var enqueueBias = (step / 500) % 2 == 0 ? 0.7 : 0.3;
            if (random.NextDouble() < enqueueBias)
            {
                var frame = new SseFrame([(byte)step], eventType: null);
                queue.Enqueue(frame);
                model.Enqueue(frame);
            }
            else
            {
                var had = model.TryDequeue(out var expected);
                Assert.Equal(had, queue.TryDequeue(out var actual));
                Assert.Same(expected, had ? actual : null);
            }

            Assert.Equal(model.Count, queue.Count);
        }
    }
}
