using System.Text.Json.Serialization;

namespace SseGen.Sample;

[JsonSerializable(typeof(Quote))]
[JsonSerializable(typeof(SampleStats))]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
internal sealed partial class AppJson : JsonSerializerContext;
