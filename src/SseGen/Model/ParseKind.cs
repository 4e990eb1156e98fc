namespace SseGen.Generator.Model;

/// <summary>How a route, query or header string becomes the parameter's type.</summary>
internal enum ParseKind
{
    /// <summary>The parameter is a string: no parsing.</summary>
    None,

    /// <summary><c>IParsable&lt;T&gt;.TryParse(string, IFormatProvider, out T)</c> with the invariant culture.</summary>
    Parsable,

    /// <summary>A public static <c>TryParse(string, out T)</c> on the type.</summary>
    StaticTryParse,

    /// <summary><c>Enum.TryParse&lt;T&gt;(string, ignoreCase: true, out T)</c>.</summary>
    Enum,
}
