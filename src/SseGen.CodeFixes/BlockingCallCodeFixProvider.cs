using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SseGen.Generator.Diagnostics;

namespace SseGen.CodeFixes;

/// <summary>SSE006: CONTRACT SKELETON, filled in on its branch (offers nothing yet).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingCallCodeFixProvider)), Shared]
public sealed class BlockingCallCodeFixProvider : SseCodeFixProvider
{
    /// <summary>Creates the fix.</summary>
    public BlockingCallCodeFixProvider()
        : base(DiagnosticIds.BlockingCall)
    {
    }

    /// <inheritdoc/>
    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
    }
}
