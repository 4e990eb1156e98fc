using System.Text.Json.Serialization;

namespace SseGen.Sample;

[JsonSerializable(typeof(Quote))]
[JsonSerializable(typeof(SampleStats))]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
// The request values the OpenAPI document describes: without reflection, it needs their metadata too.
[JsonSerializable(typeof(long?))]
internal sealed partial class AppJson : JsonSerializerContext;
