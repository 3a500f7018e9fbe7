using System.Collections.Frozen;
using FastCms.Data;

namespace FastCms.Collections;

/// <summary>Every collection of one schema version, compiled; immutable, so requests share it without locks.</summary>
internal sealed class SchemaSnapshot
{
    private readonly FrozenDictionary<string, CompiledCollection> _byName;
    private readonly FrozenDictionary<string, CompiledCollection> _byId;
    private readonly FrozenDictionary<string, (CompiledCollection Owner, int Field)[]> _referencesTo;

    public SchemaSnapshot(long version, IEnumerable<CollectionDefinition> definitions, SqlDialect dialect)
    {
        Version = version;
        Dialect = dialect;
        Collections = [.. definitions.Select(d => new CompiledCollection(d, dialect)), new CompiledCollection(UsersCollection.Definition, dialect)];
        _byName = Collections.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);
        _byId = Collections.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        _referencesTo = Collections
            .SelectMany(c => c.Fields.Select((f, i) => (Owner: c, Field: i, Target: f.TargetCollectionId)))
            .Where(x => x.Owner.Fields[x.Field].Type == FieldType.Relation && x.Target is not null)
            .GroupBy(x => x.Target!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => (x.Owner, x.Field)).ToArray(), StringComparer.Ordinal);
    }

    public long Version { get; }

    public SqlDialect Dialect { get; }

    /// <summary>All collections, the built-in users collection last.</summary>
    public CompiledCollection[] Collections { get; }

    public CompiledCollection? Find(string name) => _byName.GetValueOrDefault(name);

    public CompiledCollection? FindById(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Relation fields (owner collection, field index) that point at the collection with this id.</summary>
    public IReadOnlyList<(CompiledCollection Owner, int Field)> ReferencesTo(string collectionId) =>
        _referencesTo.GetValueOrDefault(collectionId) ?? [];
}
