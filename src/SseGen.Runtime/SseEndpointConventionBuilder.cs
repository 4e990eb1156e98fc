using System;
using System.Collections.Generic;
using System.ComponentModel;
using Microsoft.AspNetCore.Builder;

namespace SseGen;

/// <summary>
/// The builder returned by the generated <c>MapSseEndpoints()</c>: a convention added to it
/// (<c>RequireAuthorization()</c>, <c>RequireCors()</c>, <c>WithTags()</c>, …) applies to every
/// SSE endpoint it mapped.
/// </summary>
public sealed class SseEndpointConventionBuilder : IEndpointConventionBuilder
{
    private readonly IReadOnlyList<IEndpointConventionBuilder> _builders;

    /// <summary>Wraps the builders of the mapped endpoints.</summary>
    /// <param name="builders">One builder per mapped endpoint.</param>
    /// <remarks>Called by the generated <c>MapSseEndpoints()</c>; not meant to be called by hand.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public SseEndpointConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders)
    {
        ArgumentNullException.ThrowIfNull(builders);
        _builders = builders;
    }

    /// <summary>The number of endpoints this builder applies conventions to.</summary>
    public int Count => _builders.Count;

    /// <inheritdoc />
    public void Add(Action<EndpointBuilder> convention)
    {
        ArgumentNullException.ThrowIfNull(convention);
        for (var i = 0; i < _builders.Count; i++)
        {
            _builders[i].Add(convention);
        }
    }

    /// <inheritdoc />
    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        ArgumentNullException.ThrowIfNull(finallyConvention);
        for (var i = 0; i < _builders.Count; i++)
        {
            _builders[i].Finally(finallyConvention);
        }
    }
}
