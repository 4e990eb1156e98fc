using Microsoft.CodeAnalysis.CSharp;

namespace SseGen.Generator.Emitting;

internal static class Literals
{
    public static string String(string? value) =>
        value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);
}
