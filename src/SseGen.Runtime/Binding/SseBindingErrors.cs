using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace SseGen.Infrastructure;

/// <summary>
/// The parameters of one request that failed to bind, collected by the generated code and answered
/// with one 400 (<see cref="SseEndpointHost.WriteBadRequestAsync"/>). The generated code keeps a
/// null reference until the first failure, so a request that binds allocates nothing.
/// </summary>
/// <remarks>
/// Each failure keeps its raw value apart from the words around it, so the response can leave the
/// value out (outside Development) and the log can escape it, without parsing a message back.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SseBindingErrors
{
    private readonly List<SseBindingError> _errors = new(1);

    private SseBindingErrors()
    {
    }

    /// <summary>The failures, in the order the parameters were bound.</summary>
    internal IReadOnlyList<SseBindingError> Items => _errors;

    /// <summary>Records that a required parameter was not in the request.</summary>
    /// <param name="errors">The collector; created on the first failure.</param>
    /// <param name="parameter">The parameter as shown to people, e.g. <c>int count</c>.</param>
    /// <param name="source">Where the value was looked for: <c>route</c>, <c>query string</c> or <c>header</c>.</param>
    public static void Missing(ref SseBindingErrors? errors, string parameter, string source) =>
        Add(ref errors, new SseBindingError(parameter, source, SseBindingErrorKind.Missing, null));

    /// <summary>Records that a parameter's value did not parse.</summary>
    /// <param name="errors">The collector; created on the first failure.</param>
    /// <param name="parameter">The parameter as shown to people, e.g. <c>int count</c>.</param>
    /// <param name="source">Where the value came from: <c>route</c>, <c>query string</c> or <c>header</c>.</param>
    /// <param name="value">The raw value that did not parse.</param>
    public static void Invalid(ref SseBindingErrors? errors, string parameter, string source, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Add(ref errors, new SseBindingError(parameter, source, SseBindingErrorKind.Invalid, value));
    }

    private static void Add(ref SseBindingErrors? errors, SseBindingError error)
    {
        ArgumentNullException.ThrowIfNull(error.Parameter);
        ArgumentNullException.ThrowIfNull(error.Source);
        (errors ??= new SseBindingErrors())._errors.Add(error);
    }
}
