using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.DependencyInjection;
using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>
/// SseGen's copy of the app's JSON options has no encoder, so System.Text.Json runs a
/// source-generated context's fast path; the app's encoder moves to the connection's JSON writer,
/// which is what escapes string values (the integration tests' <c>JsonTests</c> pin the escaping).
/// </summary>
public sealed class JsonFastPathTests
{
    [Fact]
    public void The_copy_of_the_apps_options_has_no_encoder_and_the_writer_gets_the_apps_encoder()
    {
        var host = HostWithAspNetCoreJsonOptions(o => { });
        var options = host.CreateJsonOptions(WebTestJson.Default);
        var formatter = new JsonItemFormatter<Reading>(SseEndpointHost.GetTypeInfo<Reading>(options));

        Assert.Null(options.Encoder);
        Assert.Same(JavaScriptEncoder.UnsafeRelaxedJsonEscaping, host.WriterOptions(formatter).Encoder);
    }

    [Fact]
    public void A_struct_payload_under_aspnetcore_json_options_takes_the_fast_path_and_allocates_nothing_per_event()
    {
        // ASP.NET Core's JsonOptions set an encoder; with it in the serializer options System.Text.Json
        // would take its metadata path, which boxes a struct payload on every event.
        var host = HostWithAspNetCoreJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, WebTestJson.Default));
        var formatter = new JsonItemFormatter<Reading>(SseEndpointHost.GetTypeInfo<Reading>(host.CreateJsonOptions(WebTestJson.Default)));
        var output = new ArrayBufferWriter<byte>(1 << 20);
        var frame = new SseFrameWriter(output, host.WriterOptions(formatter)) { DeferCommit = true };
        for (var i = 0; i < 1000; i++)
        {
            formatter.Write(frame, new Reading(i, 1_795_618_835_558_246, i * 0.25));
        }

        frame.Commit();
        output.ResetWrittenCount();
        const int events = 10_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < events; i++)
        {
            formatter.Write(frame, new Reading(i, 1_795_618_835_558_246, i * 0.25));
            if (i % 100 == 99)
            {
                frame.Commit();
                output.ResetWrittenCount();
            }
        }

        var perEvent = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)events;
        Assert.True(perEvent < 1, $"a struct payload allocated {perEvent:F2} bytes per event (System.Text.Json's metadata path boxes it)");
        formatter.Write(frame, new Reading(1, 2, 0.5));
        frame.Commit();
        Assert.Equal("data: {\"seq\":1,\"ts\":2,\"value\":0.5}\n\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Property_names_are_escaped_as_the_source_generator_escapes_them_and_string_values_with_the_apps_encoder()
    {
        // The one visible difference of the copy without an encoder: a non-ASCII property name is
        // escaped by System.Text.Json's default encoder (as its source generator always does);
        // the value keeps the app's relaxed escaping.
        var host = HostWithAspNetCoreJsonOptions(o => { });
        var formatter = new JsonItemFormatter<Labelled>(SseEndpointHost.GetTypeInfo<Labelled>(host.CreateJsonOptions(WebTestJson.Default)));
        var output = new ArrayBufferWriter<byte>();
        var frame = new SseFrameWriter(output, host.WriterOptions(formatter));

        formatter.Write(frame, new Labelled("größe <b>"));

        Assert.Equal("data: {\"gr\\u00F6\\u00DFe\":\"größe <b>\"}\n\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    private static SseEndpointHost HostWithAspNetCoreJsonOptions(Action<Microsoft.AspNetCore.Http.Json.JsonOptions> configure) =>
        SseEndpointHost.Create(new ServiceCollection().AddOptions().ConfigureHttpJsonOptions(configure).BuildServiceProvider());
}
