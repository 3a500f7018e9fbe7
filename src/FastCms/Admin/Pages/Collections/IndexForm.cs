using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FastCms.Collections;

namespace FastCms.Admin.Pages.Collections;

/// <summary>One declared index in the editor: its fields by id (so that renaming a field in the same save keeps it).</summary>
internal sealed record IndexRow(int Index, string Name, IReadOnlyList<string> FieldIds, bool Unique, bool Remove)
{
    public string Key(string suffix) => $"indexes[{Index}].{suffix}";

    public string InputId(string suffix) => $"index-{Index}-{suffix}";
}

/// <summary>
/// The collection editor's indexes: the declared ones, each of which can be removed, and one new index to add, picked
/// from the stored fields. Turned into the <c>indexes</c> of the same body <c>PATCH /api/v1/collections</c> takes.
/// </summary>
internal sealed partial class IndexForm
{
    /// <summary>How many fields a new index can be given here (the API takes up to 5).</summary>
    public const int NewIndexSlots = 3;

    public const string NewFieldsKey = "new_index.fields";

    /// <summary>Marks a posted form as having the index editor, so that its absence is not read as "no indexes".</summary>
    public const string ShownKey = "indexes_shown";

    public List<IndexRow> Rows { get; } = [];

    /// <summary>The new index's fields by id (or <c>created</c>/<c>updated</c>), one per slot; empty slots are skipped.</summary>
    public string[] NewFields { get; } = [.. Enumerable.Repeat("", NewIndexSlots)];

    public bool NewUnique { get; set; }

    public static IndexForm From(CollectionDefinition collection)
    {
        var form = new IndexForm();
        form.Rows.AddRange(collection.Indexes.Select((index, i) => new IndexRow(i, index.Name, index.FieldIds, index.Unique, Remove: false)));
        return form;
    }

    public static IndexForm? Read(IFormCollection posted)
    {
        if (posted[ShownKey] != "true")
        {
            return null;
        }

        var form = new IndexForm { NewUnique = posted["new_index.unique"] == "true" };
        var rows = posted.Keys.Select(k => RowKey().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order();
        foreach (var i in rows)
        {
            var ids = posted[$"indexes[{i}].fields"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            form.Rows.Add(new IndexRow(form.Rows.Count, posted[$"indexes[{i}].name"].ToString(), ids, posted[$"indexes[{i}].unique"] == "true", posted[$"indexes[{i}].remove"] == "true"));
        }

        for (var slot = 0; slot < NewIndexSlots; slot++)
        {
            form.NewFields[slot] = posted[$"new_index.field{slot}"].ToString().Trim();
        }

        return form;
    }

    public static string SlotKey(int slot) => $"new_index.field{slot}";

    public bool AddsUnique => NewUnique && NewFields.Any(f => f.Length > 0);

    /// <summary>
    /// The <c>indexes</c> to send: the kept rows, then the new index when a field is picked. An index over a field
    /// removed in the same save goes with the field, as it does through the API. <paramref name="sentKeys"/> maps each
    /// entry back to the input that shows its errors.
    /// </summary>
    public JsonArray ToBody(IReadOnlyList<FieldRow> fields, List<string> sentKeys)
    {
        var indexes = new JsonArray();
        foreach (var row in Rows.Where(r => !r.Remove))
        {
            if (row.FieldIds.Any(id => fields.Any(f => f.Id == id && f.Remove)))
            {
                continue;
            }

            sentKeys.Add(row.Key("fields"));
            indexes.Add(Index(row.FieldIds, row.Unique, fields));
        }

        if (NewFields.Where(f => f.Length > 0).ToList() is { Count: > 0 } picked)
        {
            sentKeys.Add(NewFieldsKey);
            indexes.Add(Index(picked, NewUnique, fields));
        }

        return indexes;
    }

    /// <summary>An error key of the service (<c>indexes[1].fields</c>) as the key of the input it belongs to.</summary>
    public static string InputKey(string key, IReadOnlyList<string> sentKeys)
    {
        var match = SentKey().Match(key);
        return match.Success && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) is var sent && sent < sentKeys.Count ? sentKeys[sent] : key;
    }

    // The API names an index's fields; a field keeps its id across a rename, so the name is the one this save gives it.
    private static JsonObject Index(IEnumerable<string> ids, bool unique, IReadOnlyList<FieldRow> fields) => new()
    {
        ["fields"] = new JsonArray([.. ids.Select(id => JsonValue.Create(fields.FirstOrDefault(f => f.Id == id)?.Name ?? id))]),
        ["unique"] = unique,
    };

    [GeneratedRegex(@"^indexes\[(\d{1,3})\]\.")]
    private static partial Regex RowKey();

    [GeneratedRegex(@"^indexes\[(\d+)\]\.fields$")]
    private static partial Regex SentKey();
}
