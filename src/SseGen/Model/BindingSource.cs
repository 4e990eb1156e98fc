namespace SseGen.Generator.Model;

/// <summary>Where a parameter's value comes from, decided at compile time as minimal APIs do.</summary>
internal enum BindingSource
{
    Route,
    Query,
    Header,
    Services,
    KeyedServices,
    InferredService,
    HttpContext,
    HttpRequest,
    HttpResponse,
    User,
    CancellationToken,
}
