namespace SseGen.Generator.Model;

/// <summary>How the class of an instance endpoint is disposed after its stream, if at all.</summary>
internal enum DisposeKind
{
    /// <summary>Neither <c>IDisposable</c> nor <c>IAsyncDisposable</c>.</summary>
    None,

    /// <summary><c>IDisposable</c> only.</summary>
    Disposable,

    /// <summary><c>IAsyncDisposable</c> (preferred when the class implements both).</summary>
    AsyncDisposable,
}
