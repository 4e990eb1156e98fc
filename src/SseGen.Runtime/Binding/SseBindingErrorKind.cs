namespace SseGen.Infrastructure;

/// <summary>Why one parameter failed to bind.</summary>
internal enum SseBindingErrorKind
{
    /// <summary>A required value was not in the request.</summary>
    Missing,

    /// <summary>The value was there but did not parse.</summary>
    Invalid,
}
