using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SseGen.Infrastructure;

/// <summary>
/// Writes ProblemDetails responses without reflection: through the app's
/// <see cref="IProblemDetailsService"/> when it has one, else with a <see cref="Utf8JsonWriter"/>.
/// </summary>
internal static class SseProblem
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string type, string? detail)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        var service = context.RequestServices.GetService<IProblemDetailsService>();
        if (service is not null)
        {
            var problem = new ProblemDetails { Status = status, Title = title, Type = type, Detail = detail };
            if (await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
            {
                return;
            }
        }

        response.ContentType = "application/problem+json";
        // problem+json is never HTML, so quotes in a detail need not be escaped as \u0022.
        using (var json = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, type);
            json.WriteString("title"u8, title);
            json.WriteNumber("status"u8, status);
            if (detail is not null)
            {
                json.WriteString("detail"u8, detail);
            }

            json.WriteString("traceId"u8, System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier);
            json.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
