using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using SseGen.Generator.Model;

namespace SseGen.Generator.Tests;

/// <summary>
/// The pipeline caches on equality, so every model type must be a value: equatable, and holding
/// nothing from a compilation. One symbol or syntax node in a model keeps a whole compilation
/// alive and makes every edit look like a change (STJ's JsonSourceGeneratorIncrementalTests).
/// </summary>
public sealed class ModelShapeTests
{
    /// <summary>Types that tie a value to one compilation.</summary>
    private static readonly Type[] Forbidden =
    [
        typeof(ISymbol),
        typeof(SyntaxNode),
        typeof(SyntaxTree),
        typeof(SyntaxToken),
        typeof(SyntaxReference),
        typeof(Location),
        typeof(Compilation),
        typeof(SemanticModel),
        typeof(AttributeData),
        typeof(TypedConstant),
        typeof(Diagnostic),
    ];

    public static TheoryData<string> ModelTypeNames() => [.. ModelTypes().Select(type => type.FullName!)];

    [Fact]
    public void ModelNamespace_HoldsTheTypesThePipelineCarries()
    {
        // Guards the theories below against walking an empty or renamed namespace.
        var names = ModelTypes().Select(type => type.Name).ToList();
        Assert.Contains(nameof(EndpointModel), names);
        Assert.Contains(nameof(ParameterModel), names);
        Assert.Contains(nameof(JsonContextModel), names);
        Assert.Contains(nameof(GenerationModel), names);
        Assert.Contains(nameof(ResolvedEndpoint), names);
        Assert.Contains(nameof(EndpointCandidate), names);
        Assert.Contains(nameof(SkippedEndpoint), names);
        Assert.Contains(nameof(TypeRef), names);
        Assert.Contains(nameof(ConstantInfo), names);
        Assert.Contains(nameof(AttributeInfo), names);
        Assert.Contains(nameof(NamedArgumentInfo), names);
        Assert.Contains("EquatableArray`1", names);
    }

    [Theory]
    [MemberData(nameof(ModelTypeNames))]
    public void ModelType_HoldsNoCompilationData(string typeName)
    {
        var type = typeof(EndpointModel).Assembly.GetType(typeName, throwOnError: true)!;
        var paths = new List<string>();
        Walk(type, type.Name, new HashSet<Type>(), paths);
        Assert.True(paths.Count == 0, $"{type.Name} holds compilation data, which breaks incremental caching and keeps compilations alive:\n" + string.Join("\n", paths));
    }

    [Fact]
    public void ModelNamespace_HoldsDataOnly_NoLogicClasses()
    {
        // Logic that works on models (the resolver, the route parser) lives where its job is named;
        // the only static class here is the factory that goes with EquatableArray<T>.
        var staticClasses = typeof(EndpointModel).Assembly.GetTypes()
            .Where(type => type.Namespace == typeof(EndpointModel).Namespace && type.IsAbstract && type.IsSealed)
            .Where(type => type.GetCustomAttribute<CompilerGeneratedAttribute>() is null && !type.Name.Contains('<'))
            .Select(type => type.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(staticClasses.SequenceEqual(["EquatableArray"]), "Model/ holds logic: " + string.Join(", ", staticClasses));
    }

    [Theory]
    [MemberData(nameof(ModelTypeNames))]
    public void ModelType_IsAValue(string typeName)
    {
        var type = typeof(EndpointModel).Assembly.GetType(typeName, throwOnError: true)!;
        if (type.IsEnum)
        {
            return;
        }

        var equatable = type.IsGenericTypeDefinition
            ? type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEquatable<>) && i.GetGenericArguments()[0].IsGenericType && i.GetGenericArguments()[0].GetGenericTypeDefinition() == type)
            : typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type);
        Assert.True(equatable, $"{type.Name} must implement IEquatable<{type.Name}> (be a record, or an equatable struct).");

        if (type.IsClass)
        {
            // A record has a compiler-generated EqualityContract; sealed, so equality cannot be widened by a subclass.
            var isRecord = type.GetProperty("EqualityContract", BindingFlags.Instance | BindingFlags.NonPublic) is not null;
            Assert.True(isRecord, $"{type.Name} is a class but not a record: its equality would be by reference.");
            Assert.True(type.IsSealed, $"{type.Name} must be a sealed record.");
        }
    }

    /// <summary>Every type declared in SseGen.Generator.Model, except static helper classes and compiler-generated ones.</summary>
    private static IEnumerable<Type> ModelTypes() =>
        typeof(EndpointModel).Assembly.GetTypes()
            .Where(type => type.Namespace == typeof(EndpointModel).Namespace)
            .Where(type => !(type.IsAbstract && type.IsSealed))
            .Where(type => type.GetCustomAttribute<CompilerGeneratedAttribute>() is null && !type.Name.Contains('<'))
            .OrderBy(type => type.FullName, StringComparer.Ordinal);

    /// <summary>
    /// Follows every instance field (auto-property backing fields included), array element and
    /// generic argument, recording the path to any forbidden type.
    /// </summary>
    private static void Walk(Type type, string path, HashSet<Type> seen, List<string> found)
    {
        if (Forbidden.FirstOrDefault(forbidden => forbidden.IsAssignableFrom(type)) is { } hit)
        {
            found.Add(type == hit ? $"  {path}: {type.Name}" : $"  {path}: {type.Name}, a {hit.Name}");
            return;
        }

        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type.IsGenericParameter || !seen.Add(type))
        {
            return;
        }

        if (type == typeof(object) || type.IsInterface || (type.IsAbstract && !type.IsSealed))
        {
            // Anything could hide behind these: a model must say what it holds.
            found.Add($"  {path}: {type.Name} can hold any value, including a symbol");
            return;
        }

        if (type.IsArray)
        {
            Walk(type.GetElementType()!, path + "[]", seen, found);
            return;
        }

        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Walk(argument, $"{path}<{argument.Name}>", seen, found);
            }
        }

        for (var current = type; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Walk(field.FieldType, $"{path}.{FieldName(field)}", seen, found);
            }
        }
    }

    /// <summary><c>&lt;Pattern&gt;k__BackingField</c> → <c>Pattern</c>.</summary>
    private static string FieldName(FieldInfo field) =>
        field.Name.StartsWith('<') && field.Name.IndexOf('>') is var end and > 0 ? field.Name[1..end] : field.Name;
}
