using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace SseGen.EndToEndTests;

/// <summary>
/// A user can step into the runtime: the package has a symbol package whose PDB matches the DLL,
/// Source Link maps every source file to the public repository at the packed commit, and the build
/// is deterministic.
/// </summary>
public sealed class SymbolsTests(SymbolsFixture fixture) : IClassFixture<SymbolsFixture>
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    [Fact]
    public void A_snupkg_carries_the_runtimes_pdb()
    {
        fixture.AssertPacked();
        using var symbols = ZipFile.OpenRead(fixture.SymbolPackagePath);

        Assert.Contains(symbols.Entries, e => e.FullName == "lib/net10.0/SseGen.Runtime.pdb");
    }

    [Fact]
    public void Source_link_maps_the_sources_to_the_public_repository_at_the_packed_commit()
    {
        fixture.AssertPacked();
        using var pdb = ReadPdb();
        var reader = pdb.GetMetadataReader();

        var sourceLink = reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition)
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == SourceLinkKind)
            .Select(info => System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
            .SingleOrDefault();

        Assert.NotNull(sourceLink);
        Assert.Contains($"https://raw.githubusercontent.com/ssegen/ssegen/{fixture.Commit}/*", sourceLink, StringComparison.Ordinal);
        // A CI build records /_/… paths, not the build machine's folders.
        Assert.All(reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).Where(n => n.EndsWith(".cs", StringComparison.Ordinal) && !n.Contains("/obj/", StringComparison.Ordinal)),
            name => Assert.StartsWith("/_/", name, StringComparison.Ordinal));
    }

    [Fact]
    public void The_runtime_is_built_deterministically_and_its_pdb_matches_it()
    {
        fixture.AssertPacked();
        using var package = ZipFile.OpenRead(fixture.PackagePath);
        using var dll = new MemoryStream();
        using (var entry = package.GetEntry("lib/net10.0/SseGen.Runtime.dll")!.Open())
        {
            entry.CopyTo(dll);
        }

        dll.Position = 0;
        using var pe = new PEReader(dll);
        var debugDirectory = pe.ReadDebugDirectory();
        Assert.Contains(debugDirectory, e => e.Type == DebugDirectoryEntryType.Reproducible);
        var codeView = pe.ReadCodeViewDebugDirectoryData(debugDirectory.Single(e => e.Type == DebugDirectoryEntryType.CodeView));

        using var pdb = ReadPdb();
        var pdbId = new BlobContentId(pdb.GetMetadataReader().DebugMetadataHeader!.Id);
        Assert.Equal(codeView.Guid, pdbId.Guid);
    }

    private MetadataReaderProvider ReadPdb()
    {
        using var symbols = ZipFile.OpenRead(fixture.SymbolPackagePath);
        var bytes = new MemoryStream();
        using (var entry = symbols.GetEntry("lib/net10.0/SseGen.Runtime.pdb")!.Open())
        {
            entry.CopyTo(bytes);
        }

        return MetadataReaderProvider.FromPortablePdbImage(System.Collections.Immutable.ImmutableArray.Create(bytes.ToArray()));
    }
}
