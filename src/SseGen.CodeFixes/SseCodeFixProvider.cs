using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SseGen.CodeFixes;

/// <summary>
/// What every SseGen fix shares: one rule, Fix All by batch, and one look at the document's root for
/// all the diagnostics of a request; a fix only says what it offers for one diagnostic.
/// </summary>
public abstract class SseCodeFixProvider : CodeFixProvider
{
    private protected SseCodeFixProvider(string diagnosticId) => FixableDiagnosticIds = ImmutableArray.Create(diagnosticId);

    /// <inheritdoc/>
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            RegisterFixes(context, root, diagnostic);
        }
    }

    /// <summary>Registers the fixes for <paramref name="diagnostic"/>, or none when its shape has no fix.</summary>
    private protected abstract void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic);
}
