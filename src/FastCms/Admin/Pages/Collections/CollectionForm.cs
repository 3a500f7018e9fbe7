using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FastCms.AdminShell;
using FastCms.Collections;

namespace FastCms.Admin.Pages.Collections;

/// <summary>One access rule: admins only (<c>null</c>), anyone (<c>""</c>) or an expression.</summary>
internal sealed record RuleRow(string Property, string Label, string Mode, string Expression);

/// <summary>
/// The collection editor's form: turned from a definition into inputs, and from posted inputs into the JSON body
/// <see cref="CollectionService"/> takes — the same body the API accepts, so the API's checks apply unchanged.
/// Only input shaping happens here (a list typed with commas, numbers typed as text).
/// </summary>
internal sealed partial class CollectionForm
{
    public static readonly (string Property, string Label)[] RuleNames =
    [
        ("list_rule", "List"), ("view_rule", "View"), ("create_rule", "Create"), ("update_rule", "Update"), ("delete_rule", "Delete"),
    ];

    public string Name { get; set; } = "";

    public List<FieldRow> Fields { get; } = [];

    public List<RuleRow> Rules { get; } = [];

    /// <summary>
    /// The display field as chosen: a stored field's id (which follows a rename made in the same save), a new field's
    /// name, <c>""</c> for the automatic choice, or <c>null</c> when the form did not post the input (the choice is kept).
    /// </summary>
    public string? DisplayField { get; set; } = "";

    /// <summary>The index editor's inputs; only the edit page has them (a new collection's fields have no ids yet).</summary>
    public IndexForm? Indexes { get; private init; }

    /// <summary>Problems with the input itself (a number that is not one), keyed like the inputs.</summary>
    public FormErrors InputErrors { get; } = new();

    public static CollectionForm Blank()
    {
        var form = new CollectionForm();
        form.Fields.Add(new FieldRow());
        form.Rules.AddRange(RuleNames.Select(r => new RuleRow(r.Property, r.Label, "admins", "")));
        return form;
    }

    public static CollectionForm From(CollectionDefinition collection, SchemaSnapshot schema)
    {
        var form = new CollectionForm
        {
            Name = collection.Name, Indexes = IndexForm.From(collection), DisplayField = collection.Fields.FirstOrDefault(f => f.Presentable)?.Id ?? "",
        };
        foreach (var field in collection.Fields)
        {
            form.Fields.Add(new FieldRow
            {
                Index = form.Fields.Count,
                Id = field.Id,
                Name = field.Name,
                SavedName = field.Name,
                Type = field.Type.Name(),
                Required = field.Required,
                Unique = field.Unique,
                Hidden = field.Hidden,
                Min = Number(field.Min),
                Max = Number(field.Max),
                MinLength = Number(field.MinLength),
                MaxLength = Number(field.MaxLength),
                Pattern = field.Pattern ?? "",
                Values = string.Join(", ", field.Values ?? []),
                MaxSelect = field.Type is FieldType.Select or FieldType.Relation or FieldType.File ? Number(field.MaxSelect) : "",
                Collection = field.TargetCollectionId is { } target ? schema.FindById(target)?.Name ?? "" : "",
                CascadeDelete = field.OnDelete.Name(),
                OnCreate = field.OnCreate,
                OnUpdate = field.OnUpdate,
                KeepHtml = field.KeepHtml,
                Default = FieldDefaultText.Show(field.Type.Name(), field.Default),
            });
        }

        string?[] rules = [collection.ListRule, collection.ViewRule, collection.CreateRule, collection.UpdateRule, collection.DeleteRule];
        form.Rules.AddRange(RuleNames.Select((r, i) => new RuleRow(r.Property, r.Label, rules[i] switch { null => "admins", "" => "public", _ => "rule" }, rules[i] ?? "")));
        return form;
    }

    public static CollectionForm Read(IFormCollection posted)
    {
        var form = new CollectionForm
        {
            Name = posted["name"].ToString().Trim(), Indexes = IndexForm.Read(posted),
            DisplayField = posted.TryGetValue("display_field", out var display) ? display.ToString().Trim() : null,
        };
        foreach (var i in PostedRows(posted))
        {
            form.Fields.Add(FieldRow.Read(posted, i, form.Fields.Count));
        }

        form.Rules.AddRange(RuleNames.Select(r => new RuleRow(
            r.Property, r.Label, posted[r.Property + "_mode"].ToString() is { Length: > 0 } mode ? mode : "admins", posted[r.Property].ToString())));
        return form;
    }

    /// <summary>
    /// The body for <see cref="CollectionService"/>. Rows marked for removal and new rows left empty are left out;
    /// <paramref name="sentRows"/> maps each entry of <c>schema</c> back to its row, for the service's error keys.
    /// A row of an existing field starts from that field as the API describes it (<paramref name="stored"/>, by id)
    /// and changes only what the form has inputs for, so that a save never drops a property the form does not show.
    /// </summary>
    public JsonObject ToBody(IReadOnlyDictionary<string, JsonObject> stored, out List<int> sentRows, out List<string> sentIndexes)
    {
        sentRows = [];
        sentIndexes = [];
        foreach (var row in Fields.Where(r => r.Remove && r.Id is not null && stored.ContainsKey(r.Id)))
        {
            var saved = stored[row.Id!]["name"]!.GetValue<string>();
            if (!string.Equals(row.RemoveConfirm, saved, StringComparison.Ordinal))
            {
                InputErrors.Add(row.Key("remove_confirm"), $"Type \"{saved}\" to confirm that this field and all its data are removed.");
            }
        }

        var schema = new JsonArray();
        foreach (var row in Fields.Where(r => !r.Remove && !r.IsUntouched))
        {
            if (row.Id is null && row.Name.Length == 0)
            {
                InputErrors.Add(row.Key("name"), "A new field needs a name. To leave it out, tick \"Leave this field out\".");
            }

            sentRows.Add(row.Index);
            var field = row.Id is not null && stored.TryGetValue(row.Id, out var existing) ? (JsonObject)existing.DeepClone() : [];
            if (row.Id is not null)
            {
                field["id"] = row.Id;
            }

            field["name"] = row.Name;
            field["type"] = row.Type;
            field["hidden"] = row.Hidden;
            Set(field, "default", FieldDefaultText.Read(row, out var defaultProblem));
            if (defaultProblem is not null)
            {
                InputErrors.Add(row.Key("default"), defaultProblem);
            }

            var validation = Child(field, "validation");
            validation["required"] = row.Required;
            validation["unique"] = row.Unique;
            SetNumber(validation, row, "validation.min", row.Min, integer: false);
            SetNumber(validation, row, "validation.max", row.Max, integer: false);
            SetNumber(validation, row, "validation.min_length", row.MinLength, integer: true);
            SetNumber(validation, row, "validation.max_length", row.MaxLength, integer: true);
            Set(validation, "pattern", row.Pattern.Length > 0 ? row.Pattern : null);

            var options = Child(field, "options");
            var values = row.Values.Split([',', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            Set(options, "values", values.Length > 0 ? new JsonArray([.. values.Select(v => JsonValue.Create(v))]) : null);
            SetNumber(options, row, "options.max_select", row.MaxSelect, integer: true);
            var relation = row.Type == "relation";
            Set(options, "collection", relation && row.Collection.Length > 0 ? row.Collection : null);
            options.Remove("collection_id"); // the form names the target; a stale id must not point elsewhere
            Set(options, "cascade_delete", relation ? row.CascadeDelete : null);
            Set(options, "on_create", row.Type == "autodate" ? row.OnCreate : null);
            Set(options, "on_update", row.Type == "autodate" ? row.OnUpdate : null);
            Set(options, "keep_html", row.Type == "editor" && row.KeepHtml ? true : null);
            schema.Add(field);
        }

        var body = new JsonObject { ["name"] = Name, ["type"] = "base", ["schema"] = schema };
        if (Indexes is not null)
        {
            body["indexes"] = Indexes.ToBody(Fields, sentIndexes);
        }

        foreach (var rule in Rules)
        {
            body[rule.Property] = rule.Mode switch { "public" => "", "rule" => rule.Expression, _ => null };
        }

        if (DisplayField is not null)
        {
            body["display_field"] = DisplayField.Length == 0 ? null : Fields.FirstOrDefault(r => r.Id == DisplayField)?.Name ?? DisplayField;
        }

        return body;
    }

    /// <summary>
    /// "Move up"/"Move down" without JavaScript: <paramref name="command"/> is <c>3:up</c> or <c>3:down</c> (a row's
    /// index). Rows are renumbered so that the inputs follow their new place; returns the id of the moved row's button
    /// that was pressed, to focus it again.
    /// </summary>
    public string? Move(string? command)
    {
        var parts = (command ?? "").Split(':');
        var at = parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? Fields.FindIndex(r => r.Index == index) : -1;
        var to = parts is [_, "up"] ? at - 1 : parts is [_, "down"] ? at + 1 : -1;
        if (at < 0 || to < 0 || to >= Fields.Count)
        {
            return null;
        }

        (Fields[at], Fields[to]) = (Fields[to], Fields[at]);
        for (var i = 0; i < Fields.Count; i++)
        {
            Fields[i].Index = i;
        }

        return Fields[to].InputId("move-" + parts[1]);
    }

    /// <summary>An error key of the service (<c>schema[3].name</c>) as the key of the input it belongs to.</summary>
    public static string InputKey(string key, IReadOnlyList<int> sentRows)
    {
        var match = SchemaKey().Match(key);
        return match.Success && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) is var sent && sent < sentRows.Count
            ? $"schema[{sentRows[sent]}]{match.Groups[2].Value}"
            : key;
    }

    private void SetNumber(JsonObject target, FieldRow row, string key, string text, bool integer)
    {
        var property = key[(key.IndexOf('.') + 1)..];
        target.Remove(property);
        if (text.Length == 0)
        {
            return;
        }

        if (integer && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
        {
            target[property] = whole;
        }
        else if (!integer && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            target[property] = number;
        }
        else
        {
            InputErrors.Add(row.Key(key), integer ? "Must be a whole number." : "Must be a number.");
        }
    }

    // A property the form has an input for: set from the input, or removed when the input is empty.
    private static void Set(JsonObject target, string property, JsonNode? value)
    {
        if (value is null)
        {
            target.Remove(property);
        }
        else
        {
            target[property] = value;
        }
    }

    private static JsonObject Child(JsonObject parent, string property)
    {
        if (parent[property] is JsonObject child)
        {
            return child;
        }

        var created = new JsonObject();
        parent[property] = created;
        return created;
    }

    // The posted rows' indexes in the order the page had them: "order" lists them as the rows stood (the script moves
    // rows without renumbering their inputs); rows it does not list follow by index.
    private static List<int> PostedRows(IFormCollection posted)
    {
        var order = posted["order"].Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
        return [.. posted.Keys.Select(k => FieldKey().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct()
            .OrderBy(i => order.IndexOf(i) is >= 0 and var at ? at : int.MaxValue).ThenBy(i => i)];
    }

    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    [GeneratedRegex(@"^schema\[(\d{1,3})\]\.")]
    private static partial Regex FieldKey();

    [GeneratedRegex(@"^schema\[(\d+)\](.*)$")]
    private static partial Regex SchemaKey();
}
