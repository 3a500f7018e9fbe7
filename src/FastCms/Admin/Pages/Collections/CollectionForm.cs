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
        var form = new CollectionForm { Name = collection.Name };
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
        var form = new CollectionForm { Name = posted["name"].ToString().Trim() };
        var indexes = posted.Keys.Select(k => FieldKey().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order();
        foreach (var i in indexes)
        {
            string Text(string suffix) => posted[$"schema[{i}].{suffix}"].ToString().Trim();
            bool Flag(string suffix) => posted[$"schema[{i}].{suffix}"] == "true";
            form.Fields.Add(new FieldRow
            {
                Index = form.Fields.Count,
                Id = Text("id") is { Length: > 0 } id ? id : null,
                Name = Text("name"),
                Type = Text("type") is { Length: > 0 } type ? type : "text",
                Required = Flag("validation.required"),
                Unique = Flag("validation.unique"),
                Hidden = Flag("hidden"),
                Remove = Flag("remove"),
                RemoveConfirm = Text("remove_confirm"),
                SavedName = Text("saved_name"),
                Min = Text("validation.min"),
                Max = Text("validation.max"),
                MinLength = Text("validation.min_length"),
                MaxLength = Text("validation.max_length"),
                Pattern = Text("validation.pattern"),
                Values = Text("options.values"),
                MaxSelect = Text("options.max_select"),
                Collection = Text("options.collection"),
                CascadeDelete = Text("options.cascade_delete") is { Length: > 0 } onDelete ? onDelete : "restrict",
                OnCreate = Flag("options.on_create"),
                OnUpdate = Flag("options.on_update"),
                KeepHtml = Flag("options.keep_html"),
                Default = posted[$"schema[{i}].default"].ToString(),
            });
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
    public JsonObject ToBody(IReadOnlyDictionary<string, JsonObject> stored, out List<int> sentRows)
    {
        sentRows = [];
        foreach (var row in Fields.Where(r => r.Remove && r.Id is not null && stored.ContainsKey(r.Id)))
        {
            var saved = stored[row.Id!]["name"]!.GetValue<string>();
            if (!string.Equals(row.RemoveConfirm, saved, StringComparison.Ordinal))
            {
                InputErrors.Add(row.Key("remove_confirm"), $"Type \"{saved}\" to confirm that this field and all its data are removed.");
            }
        }

        var schema = new JsonArray();
        foreach (var row in Fields.Where(r => !r.Remove && !r.IsBlank))
        {
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
        foreach (var rule in Rules)
        {
            body[rule.Property] = rule.Mode switch { "public" => "", "rule" => rule.Expression, _ => null };
        }

        return body;
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

    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    [GeneratedRegex(@"^schema\[(\d{1,3})\]\.")]
    private static partial Regex FieldKey();

    [GeneratedRegex(@"^schema\[(\d+)\](.*)$")]
    private static partial Regex SchemaKey();
}
