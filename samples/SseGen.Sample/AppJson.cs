using System.Text.Json.Serialization;

namespace SseGen.Sample;

[JsonSerializable(typeof(Quote))]
[JsonSerializable(typeof(SampleStats))]
internal sealed partial class AppJson : JsonSerializerContext;
