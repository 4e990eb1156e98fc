using System.ComponentModel;
using System.Reflection;

namespace SseGen.Runtime.Tests;

/// <summary>
/// Users see the types listed here; everything else public exists only for generated code and is hidden from
/// IntelliSense, as System.Text.Json hides <c>JsonMetadataServices</c>. PublicAPI.*.txt tracks the
/// exact members; this says which of them a user is meant to see.
/// </summary>
public sealed class PublicSurfaceTests
{
    // Read without inheritance: the IDE hides a type only for its own attribute, not its base class's.
    private static readonly Type[] UserFacing =
    [
        typeof(SseEndpointAttribute),
        typeof(SseOptions),
        typeof(SseEndpointConventionBuilder),
        typeof(SseFormatException),
        typeof(SseStreamLimitAttribute),
        typeof(SseChannels<>),
        typeof(SseChannel<>),
        typeof(SseSubscription<>),
        typeof(SseChannelOptions),
        typeof(SseSlowSubscriberPolicy),
        typeof(SseChannelEvents),
        typeof(SseChannelServiceCollectionExtensions),
        typeof(SseChannelUnavailableException),
        typeof(SseChannelLimitException),
        typeof(ISseChannelStore),
        typeof(ISseStoreListener),
        typeof(SseStoredEvent),
        typeof(SseStoreRetention),
    ];

    [Fact]
    public void User_facing_types_live_in_the_SseGen_namespace_and_are_not_hidden()
    {
        foreach (var type in UserFacing)
        {
            Assert.True(type.Namespace == "SseGen", $"{type.Name} is in {type.Namespace}; users find it in namespace SseGen.");
            Assert.Null(type.GetCustomAttribute<EditorBrowsableAttribute>(inherit: false));
        }
    }

    [Fact]
    public void Every_other_exported_type_is_hidden_from_IntelliSense()
    {
        var visible = typeof(SseOptions).Assembly.GetExportedTypes()
            .Where(type => !UserFacing.Contains(type))
            .Where(type => type.GetCustomAttribute<EditorBrowsableAttribute>(inherit: false)?.State != EditorBrowsableState.Never)
            .Select(type => type.FullName)
            .ToList();
        Assert.True(visible.Count == 0, "These public types are only for generated code and must be [EditorBrowsable(Never)]: " + string.Join(", ", visible));
    }
}
