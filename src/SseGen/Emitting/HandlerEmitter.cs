using System.Collections.Generic;
using SseGen.Generator.Model;

namespace SseGen.Generator.Emitting;

/// <summary>
/// Writes an endpoint's <c>HandleAsync</c>: take a stream slot (503 over the endpoint's limit, before
/// anything else runs), bind the request (400 before any byte of the stream), create the stream (500
/// if that throws), then hand it to the runtime loop.
/// </summary>
internal static class HandlerEmitter
{
    private const string Host = "global::SseGen.Infrastructure.SseEndpointHost";

    public static void Write(SourceWriter writer, EndpointModel e, string itemType)
    {
        writer.WriteLines($$"""
            private static async global::System.Threading.Tasks.Task HandleAsync(
                global::Microsoft.AspNetCore.Http.HttpContext context,
                {{Host}} host,
                global::SseGen.Infrastructure.SseItemFormatter<{{itemType}}> formatter)
            """);
        writer.OpenBlock();
        WriteStreamSlot(writer, e);
        WriteRequestBinding(writer, e);
        writer.WriteLine("using var cancellation = host.CreateStreamCancellation(context);");
        WriteCreateItems(writer, e, itemType);
        writer.WriteLine();
        // The runtime disposes the instance (if it is disposable) after the producer's finally, even if the producer outlives the request.
        var owner = e.IsStatic ? string.Empty : ", instance";
        writer.WriteLine($"await host.RunAsync<{itemType}>(context, {Literals.String(e.DisplayName)}, items, formatter, cancellation.Token{owner});");
        writer.CloseBlock();
    }

    /// <summary>
    /// The limit comes first: a request over it must cost no binding, no service and no user code
    /// (the method may create a broadcast channel). The slot is given back when the request ends,
    /// whichever way it ends. Written for every endpoint, because a convention can add the limit.
    /// </summary>
    private static void WriteStreamSlot(SourceWriter writer, EndpointModel e)
    {
        var endpoint = Literals.String(e.DisplayName);
        writer.WriteLines($$"""
            using var slot = host.EnterStream(context, {{endpoint}});
            if (!slot.Entered)
            {
                await host.WriteStreamLimitAsync(context, {{endpoint}}, slot);
                return;
            }

            """);
    }

    /// <summary>Parses every route, query and header value, and answers 400 with all the failures at once.</summary>
    private static void WriteRequestBinding(SourceWriter writer, EndpointModel e)
    {
        var reads = false;
        foreach (var p in e.Parameters)
        {
            reads |= BindingEmitter.ReadsRequest(p);
        }

        if (!reads)
        {
            return;
        }

        writer.WriteLine("global::SseGen.Infrastructure.SseBindingErrors? errors = null;");
        foreach (var p in e.Parameters)
        {
            if (BindingEmitter.ReadsRequest(p))
            {
                BindingEmitter.WriteRequestBinding(writer, p);
            }
        }

        writer.WriteLines($$"""
            if (errors is not null)
            {
                await host.WriteBadRequestAsync(context, {{Literals.String(e.DisplayName)}}, errors);
                return;
            }

            """);
    }

    /// <summary>Resolves services, builds the instance if any, and calls the method; a throw ends the request with 500.</summary>
    private static void WriteCreateItems(SourceWriter writer, EndpointModel e, string itemType)
    {
        var owner = e.IsStatic ? string.Empty : ", instance";
        if (!e.IsStatic)
        {
            writer.WriteLine($"{e.ContainingType.FullyQualifiedName}? instance = null;");
        }

        writer.WriteLine($"global::System.Collections.Generic.IAsyncEnumerable<{itemType}> items;");
        writer.OpenBlock("try");
        var arguments = new List<string>();
        foreach (var p in e.Parameters)
        {
            if (p.Source is BindingSource.Services or BindingSource.InferredService or BindingSource.KeyedServices)
            {
                writer.WriteLine($"var {BindingEmitter.Local(p)} = {BindingEmitter.Expression(p)};");
                arguments.Add(BindingEmitter.Local(p));
            }
            else
            {
                arguments.Add(BindingEmitter.ReadsRequest(p) ? BindingEmitter.Local(p) : BindingEmitter.Expression(p));
            }
        }

        var suppress = e.ItemKind == ItemKind.SseItemText ? "!" : string.Empty;
        if (e.IsStatic)
        {
            writer.WriteLine($"items = {e.ContainingType.FullyQualifiedName}.{Literals.Identifier(e.MethodName)}({string.Join(", ", arguments)}){suppress};");
        }
        else
        {
            var constructorArguments = new List<string>();
            foreach (var p in e.ConstructorParameters)
            {
                constructorArguments.Add(BindingEmitter.Expression(p));
            }

            writer.WriteLine($"instance = new {e.ContainingType.FullyQualifiedName}({string.Join(", ", constructorArguments)});");
            writer.WriteLine($"items = instance.{Literals.Identifier(e.MethodName)}({string.Join(", ", arguments)}){suppress};");
        }

        writer.CloseBlock();
        // The instance, if the constructor got that far, is disposed by the runtime (if it is disposable), as after a stream.
        writer.WriteLines($$"""
            catch (global::System.Exception exception)
            {
                await host.WriteStartFailureAsync(context, {{Literals.String(e.DisplayName)}}, exception{{owner}});
                return;
            }
            """);
    }
}
