using System.Text.Json.Serialization;

namespace SseGen.Sample;

[JsonSerializable(typeof(Quote))]
internal sealed partial class AppJson : JsonSerializerContext;
