using Microsoft.Extensions.DependencyInjection;

namespace SseGen.Runtime.Tests;

/// <summary>
/// What the public store contract checks for itself: a stored event's id is visible ASCII (it comes
/// back in a <c>Last-Event-ID</c> header) and its type has no line break, whatever a backend hands
/// over; one store per app, the last registration winning.
/// </summary>
public sealed class ChannelStoreTypesTests
{
    [Theory]
    [InlineData("")]
    [InlineData("1-0\n")]
    [InlineData("1-0\r")]
    [InlineData("1 0")]
    [InlineData("1-\u00e9")]
    [InlineData("1-0\u0000")]
    [InlineData("\u007f")]
    public void A_stored_event_id_that_is_not_visible_ASCII_is_refused(string id) =>
        Assert.Equal("id", Assert.Throws<ArgumentException>(() => new SseStoredEvent(id, null, "{}"u8.ToArray())).ParamName);

    [Theory]
    [InlineData("chat\n")]
    [InlineData("\rchat")]
    public void A_stored_event_type_with_a_line_break_is_refused(string eventType) =>
        Assert.Equal("eventType", Assert.Throws<ArgumentException>(() => new SseStoredEvent("1-0", eventType, "{}"u8.ToArray())).ParamName);

    [Fact]
    public void A_valid_stored_event_keeps_its_id_and_data_and_an_empty_type_is_message()
    {
        var stored = new SseStoredEvent("!1-0~", "", "{}"u8.ToArray());
        Assert.Equal("!1-0~", stored.Id);
        Assert.Null(stored.EventType);
        Assert.Equal("{}"u8.ToArray(), stored.Json.ToArray());
    }

    [Fact]
    public void The_last_registered_store_is_the_apps_only_store()
    {
        var first = new NoStore();
        var second = new NoStore();
        using var services = new ServiceCollection().AddSseChannelStore(_ => first).AddSseChannelStore(_ => second).BuildServiceProvider();
        Assert.Same(second, Assert.Single(services.GetServices<ISseChannelStore>()));
    }

    private sealed class NoStore : ISseChannelStore
    {
        public ValueTask<string> AppendAsync(string channel, string? eventType, ReadOnlyMemory<byte> json, SseStoreRetention retention, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask<IReadOnlyList<SseStoredEvent>?> ReadAfterAsync(string channel, string afterId, int maxCount, TimeSpan? maxAge, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public IDisposable Follow(string channel, ISseStoreListener listener) => throw new NotSupportedException();

        public bool TryCompare(string left, string right, out int order) => throw new NotSupportedException();
    }
}
