using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SseGen.Generator.Diagnostics;

namespace SseGen.CodeFixes;

/// <summary>SSE005: CONTRACT SKELETON, filled in on its branch (offers nothing yet).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnboundedBufferCodeFixProvider)), Shared]
public sealed class UnboundedBufferCodeFixProvider : SseCodeFixProvider
{
    /// <summary>Creates the fix.</summary>
    public UnboundedBufferCodeFixProvider()
        : base(DiagnosticIds.UnboundedBuffer)
    {
    }

    /// <inheritdoc/>
    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
    }
}
