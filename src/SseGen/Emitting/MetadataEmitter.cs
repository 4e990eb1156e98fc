using System.Text;
using SseGen.Generator.Model;

namespace SseGen.Generator.Emitting;

/// <summary>Writes an endpoint method's attribute as the expression that creates it: <c>new T(args) { Name = value }</c>.</summary>
internal static class MetadataEmitter
{
    public static string Expression(AttributeInfo attribute)
    {
        var builder = new StringBuilder("new ").Append(attribute.Type.FullyQualifiedName).Append('(');
        for (var i = 0; i < attribute.ConstructorArguments.Count; i++)
        {
            builder.Append(i == 0 ? string.Empty : ", ").Append(ConstantFormatter.Format(attribute.ConstructorArguments[i]));
        }

        builder.Append(')');
        if (attribute.NamedArguments.Count > 0)
        {
            builder.Append(" { ");
            for (var i = 0; i < attribute.NamedArguments.Count; i++)
            {
                var named = attribute.NamedArguments[i];
                builder.Append(i == 0 ? string.Empty : ", ").Append(named.Name).Append(" = ").Append(ConstantFormatter.Format(named.Value));
            }

            builder.Append(" }");
        }

        return builder.ToString();
    }
}
