namespace SseGen.Generator.Tests.Infrastructure;

/// <summary>Source files most test apps share: a payload type, its JSON context, and a service.</summary>
internal static class Inputs
{
    /// <summary>A <c>Quote</c> record, the <c>AppJson</c> context that lists it, and an <c>IQuoteFeed</c> service.</summary>
    public const string Quotes = """
        using System.Text.Json.Serialization;

        namespace Demo;

        public sealed record Quote(string Symbol, decimal Price);

        [JsonSerializable(typeof(Quote))]
        internal sealed partial class AppJson : JsonSerializerContext;

        public interface IQuoteFeed
        {
            IAsyncEnumerable<Quote> Subscribe(string symbol, CancellationToken cancellationToken);
        }
        """;
}
