using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Records.Query;

namespace FastCms.Collections;

/// <summary>
/// Builds the definition a create or update request asks for, against the current definitions, collecting field
/// errors. Rules are checked for syntax here and against the resulting schema by <see cref="CollectionService"/>.
/// </summary>
internal sealed class CollectionValidator(IReadOnlyList<CollectionDefinition> all, FieldErrors errors)
{
    public const int MaxFields = 200;
    public const int MaxRuleLength = FilterLexer.MaxLength;

    /// <summary>Set when the name is taken: the caller answers 409 rather than 400.</summary>
    public string? Conflict { get; private set; }

    public CollectionDefinition? Build(CollectionRequest request, JsonElement body, CollectionDefinition? existing, DateTimeOffset now)
    {
        var id = existing?.Id ?? RandomId.New();
        var name = Has(body, "name", existing) ? request.Name : existing!.Name;
        if (Identifiers.CollectionNameProblem(name) is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }
        else if (all.Any(c => c.Id != id && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            Conflict = $"A collection named '{name}' already exists.";
        }

        if (Has(body, "type", existing) && request.Type is not (null or "base"))
        {
            errors.Add("type", "Only 'base' collections are supported.");
        }

        var fields = Has(body, "schema", existing) ? BuildFields(request.Schema ?? [], existing, id, name) : existing!.Fields;
        fields = WithDisplayField(body, request.DisplayField, fields, existing);
        var indexes = Has(body, "indexes", existing)
            ? BuildIndexes(request.Indexes ?? [], fields, id)
            : existing!.Indexes.Where(i => i.FieldIds.All(f => fields.Any(x => x.Id == f) || f is "created" or "updated")).ToList();

        var collection = new CollectionDefinition
        {
            Id = id,
            Name = name ?? "",
            Fields = fields,
            Indexes = indexes,
            ListRule = Rule(body, "list_rule", request.ListRule, existing?.ListRule, existing),
            ViewRule = Rule(body, "view_rule", request.ViewRule, existing?.ViewRule, existing),
            CreateRule = Rule(body, "create_rule", request.CreateRule, existing?.CreateRule, existing),
            UpdateRule = Rule(body, "update_rule", request.UpdateRule, existing?.UpdateRule, existing),
            DeleteRule = Rule(body, "delete_rule", request.DeleteRule, existing?.DeleteRule, existing),
            Created = existing?.Created ?? now,
            Updated = now,
        };
        return errors.Any || Conflict is not null ? null : collection;
    }

    // On create every property counts as given; on update only those present in the body.
    private static bool Has(JsonElement body, string property, CollectionDefinition? existing) =>
        existing is null || body.TryGetProperty(property, out _);

    private List<FieldDefinition> BuildFields(IReadOnlyList<FieldDto> dtos, CollectionDefinition? existing, string collectionId, string? collectionName)
    {
        var result = new List<FieldDefinition>();
        if (dtos.Count > MaxFields)
        {
            errors.Add("schema", $"At most {MaxFields} fields.");
            return result;
        }

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < dtos.Count; i++)
        {
            var dto = dtos[i];
            var key = $"schema[{i}]";
            if (dto is null)
            {
                errors.Add(key, "A field is required here.");
                continue;
            }

            var previous = existing?.Fields.FirstOrDefault(f => dto.Id is not null && f.Id == dto.Id)
                ?? existing?.Fields.FirstOrDefault(f => dto.Id is null && f.Name == dto.Name && !claimed.Contains(f.Id));
            if (existing is not null && dto.Id is not null && previous is null)
            {
                errors.Add($"{key}.id", $"No field with id '{dto.Id}' in this collection; leave the id out to add a field.");
                continue;
            }

            if (previous is not null && !claimed.Add(previous.Id))
            {
                errors.Add($"{key}.id", "This field appears twice.");
                continue;
            }

            if (Identifiers.FieldNameProblem(dto.Name) is { } nameProblem)
            {
                errors.Add($"{key}.name", nameProblem);
            }
            else if (!names.Add(dto.Name!))
            {
                errors.Add($"{key}.name", $"Another field is already named '{dto.Name}'.");
            }

            if (!FieldTypes.TryParse(dto.Type, out var type))
            {
                errors.Add($"{key}.type", $"Must be one of: {FieldTypes.AllNames}.");
                continue;
            }

            var field = FieldBuilder.Build(dto, key, previous?.Id ?? RandomId.New(), type, errors, (name, targetId) =>
                name == collectionName && name is not null ? new CollectionDefinition { Id = collectionId, Name = name, Fields = [] }
                : name == UsersCollection.Name || targetId == CollectionDefinition.UsersId ? UsersCollection.Definition
                : all.FirstOrDefault(c => (name is not null && c.Name == name) || (targetId is not null && c.Id == targetId)));
            if (field is not null && previous is not null)
            {
                CheckChange(previous, field, key);
            }

            if (field is not null)
            {
                result.Add(field);
            }
        }

        return result;
    }

    // The choice is a flag on the field, so it follows a rename. A request that does not mention display_field keeps
    // it, also when it sends the whole schema again (as the admin's schema editor does); hiding or removing the field
    // clears it, since a hidden value must not label a record elsewhere.
    private IReadOnlyList<FieldDefinition> WithDisplayField(JsonElement body, string? given, IReadOnlyList<FieldDefinition> fields, CollectionDefinition? existing)
    {
        string? chosen = null;
        if (!Has(body, "display_field", existing))
        {
            chosen = existing!.Fields.FirstOrDefault(f => f.Presentable)?.Id is { } kept
                && fields.FirstOrDefault(f => f.Id == kept) is { } field && CanDisplay(field) ? kept : null;
        }
        else if (!string.IsNullOrEmpty(given))
        {
            if (fields.FirstOrDefault(f => f.Name == given) is not { } field)
            {
                errors.Add("display_field", $"No field named '{given}' in this collection.");
                return fields;
            }

            if (!CanDisplay(field))
            {
                errors.Add("display_field", "Must name a field that is not hidden, of type text, email, url, number, date, datetime, autodate or a single select.");
                return fields;
            }

            chosen = field.Id;
        }

        return [.. fields.Select(f => f.Presentable == (f.Id == chosen) ? f : f with { Presentable = f.Id == chosen })];
    }

    public static bool CanDisplay(FieldDefinition field) => !field.IsPrivate && (field.Type is FieldType.Text or FieldType.Email or FieldType.Url
        or FieldType.Number or FieldType.Date or FieldType.DateTime or FieldType.Autodate || field is { Type: FieldType.Select, IsMultiple: false });

    // The column keeps its type: changes that would need its data converted are refused.
    private void CheckChange(FieldDefinition previous, FieldDefinition next, string key)
    {
        if (previous.Type != next.Type)
        {
            errors.Add($"{key}.type", $"Cannot change '{previous.Name}' from {previous.Type.Name()} to {next.Type.Name()}; add a new field instead.");
        }
        else if (previous.IsMultiple != next.IsMultiple)
        {
            errors.Add($"{key}.options.max_select", "Cannot switch between a single value and several values; add a new field instead.");
        }
        else if (previous.TargetCollectionId != next.TargetCollectionId)
        {
            errors.Add($"{key}.options.collection", "Cannot point an existing relation at another collection; add a new field instead.");
        }
    }

    private List<IndexDefinition> BuildIndexes(IReadOnlyList<IndexDto> dtos, IReadOnlyList<FieldDefinition> fields, string collectionId)
    {
        var result = new List<IndexDefinition>();
        for (var i = 0; i < dtos.Count; i++)
        {
            var names = dtos[i]?.Fields ?? [];
            if (names.Count is 0 or > 5 || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            {
                errors.Add($"indexes[{i}].fields", "List 1 to 5 distinct field names.");
                continue;
            }

            var ids = new List<string>();
            foreach (var name in names)
            {
                var field = fields.FirstOrDefault(f => f.Name == name);
                if (name is "created" or "updated")
                {
                    ids.Add(name);
                }
                else if (field is null || field.Type == FieldType.Json)
                {
                    errors.Add($"indexes[{i}].fields", $"'{name}' is not a field of this collection that can be indexed.");
                }
                else
                {
                    ids.Add(field.Id);
                }
            }

            var unique = dtos[i].Unique == true;
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((unique ? "u:" : "i:") + string.Join(',', ids))))[..12];
            var index = new IndexDefinition($"ix_{collectionId}_{hash}", ids, unique);
            if (ids.Count == names.Count && result.All(r => r.Name != index.Name))
            {
                result.Add(index);
            }
        }

        return result;
    }

    private string? Rule(JsonElement body, string property, string? given, string? current, CollectionDefinition? existing)
    {
        if (!Has(body, property, existing))
        {
            return current;
        }

        if (given is null || given.Length == 0)
        {
            return given;
        }

        if (given.Trim().Length == 0)
        {
            errors.Add(property, "Use \"\" for anyone, null for admins only, or an expression.");
            return null;
        }

        try
        {
            FilterParser.Parse(given);
        }
        catch (FilterException e)
        {
            errors.Add(property, e.Message);
        }

        return given;
    }
}
