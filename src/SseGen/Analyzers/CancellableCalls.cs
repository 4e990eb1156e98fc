using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SseGen.Generator.Diagnostics;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// SSE002's question about one call: can it take a <c>CancellationToken</c> (a parameter, an
/// optional parameter, or an overload with a trailing token, as CA2016 looks for it), and if it is
/// not given a live one, which fix adds it.
/// </summary>
internal static class CancellableCalls
{
    /// <summary>
    /// What is missing on a call that can take a token, as fix properties; <see langword="null"/>
    /// when it gets a live token or cannot take one at all.
    /// </summary>
    public static ImmutableDictionary<string, string?>? FindMissingToken(IInvocationOperation invocation, SseEndpointSymbols symbols, Compilation compilation, IParameterSymbol token)
    {
        var hasNamedArguments = HasNamedArguments(invocation);
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || !symbols.IsCancellationToken(parameter.Type))
            {
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                // An optional token left out: positional only if it is the very next argument.
                var position = ExplicitArgumentCount(invocation);
                var fix = !hasNamedArguments && position == parameter.Ordinal ? DiagnosticProperties.FixAppendArgument : DiagnosticProperties.FixNamedArgument;
                return Properties(fix, token, parameter.Name);
            }

            return symbols.IsNoneToken(argument.Value) ? Properties(DiagnosticProperties.FixReplaceArgument, token, parameter.Name) : null;
        }

        if (FindOverloadWithToken(invocation, symbols, compilation) is { } overload)
        {
            var parameter = overload.Parameters[overload.Parameters.Length - 1];
            return Properties(hasNamedArguments ? DiagnosticProperties.FixNamedArgument : DiagnosticProperties.FixAppendArgument, token, parameter.Name);
        }

        return null;
    }

    public static bool HasTokenOption(IInvocationOperation invocation, SseEndpointSymbols symbols, Compilation compilation)
    {
        foreach (var parameter in invocation.TargetMethod.Parameters)
        {
            if (symbols.IsCancellationToken(parameter.Type))
            {
                return true;
            }
        }

        return FindOverloadWithToken(invocation, symbols, compilation) is not null;
    }

    /// <summary>
    /// An overload whose parameters are the called method's plus a trailing <c>CancellationToken</c>
    /// (CA2016's rule), callable with the same explicit arguments; <see langword="null"/> if none.
    /// </summary>
    private static IMethodSymbol? FindOverloadWithToken(IInvocationOperation invocation, SseEndpointSymbols symbols, Compilation compilation)
    {
        var method = invocation.TargetMethod;
        foreach (var argument in invocation.Arguments)
        {
            // An omitted optional argument or an expanded params array cannot be kept in the longer overload.
            if (argument.ArgumentKind != ArgumentKind.Explicit)
            {
                return null;
            }
        }

        foreach (var member in method.ContainingType.GetMembers(method.Name))
        {
            if (member is not IMethodSymbol candidate
                || candidate.IsStatic != method.IsStatic
                || candidate.Parameters.Length != method.Parameters.Length + 1
                || candidate.TypeParameters.Length != method.TypeParameters.Length
                || !symbols.IsCancellationToken(candidate.Parameters[candidate.Parameters.Length - 1].Type)
                || !compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
            {
                continue;
            }

            var constructed = candidate.TypeParameters.Length > 0 ? candidate.Construct([.. method.TypeArguments]) : candidate;
            var same = true;
            for (var i = 0; i < method.Parameters.Length && same; i++)
            {
                same = SymbolEqualityComparer.Default.Equals(constructed.Parameters[i].Type, method.Parameters[i].Type)
                    && constructed.Parameters[i].RefKind == method.Parameters[i].RefKind;
            }

            if (same)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Whether any argument is written with its name (<c>token: …</c>).</summary>
    private static bool HasNamedArguments(IInvocationOperation invocation) =>
        invocation.Syntax is InvocationExpressionSyntax syntax && syntax.ArgumentList.Arguments.Any(a => a.NameColon is not null);

    /// <summary>Arguments as the method sees them: those written, plus the receiver of a reduced extension call.</summary>
    private static int ExplicitArgumentCount(IInvocationOperation invocation)
    {
        if (invocation.Syntax is not InvocationExpressionSyntax syntax)
        {
            return -1;
        }

        var reducedExtension = invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 && invocation.Arguments[0].Syntax is not ArgumentSyntax;
        return syntax.ArgumentList.Arguments.Count + (reducedExtension ? 1 : 0);
    }

    /// <summary>The fix properties: which fix, the endpoint's token, the parameter it goes to.</summary>
    public static ImmutableDictionary<string, string?> Properties(string fix, IParameterSymbol token, string? parameterName) =>
        SseEndpointSymbols.Properties(
            (DiagnosticProperties.Fix, fix),
            (DiagnosticProperties.TokenName, token.Name),
            (DiagnosticProperties.ParameterName, parameterName));
}
