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
    /// <summary>500: the endpoint failed before its stream existed; the client learns nothing more.</summary>
    public static Task WriteServerErrorAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status500InternalServerError, "An error occurred while processing your request.",
            "https://tools.ietf.org/html/rfc9110#section-15.6.1", detail: null);

    /// <summary>503 (the caller sets <c>Retry-After</c>): a limit refused the request.</summary>
    public static Task WriteUnavailableAsync(HttpContext context, string detail) =>
        WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable",
            "https://tools.ietf.org/html/rfc9110#section-15.6.4", detail);

    /// <summary>400: parameters that failed to bind, as <paramref name="detail"/> says.</summary>
    public static Task WriteBadRequestAsync(HttpContext context, string detail) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, "Bad Request",
            "https://tools.ietf.org/html/rfc9110#section-15.5.1", detail);

    private static async Task WriteAsync(HttpContext context, int status, string title, string type, string? detail)
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
