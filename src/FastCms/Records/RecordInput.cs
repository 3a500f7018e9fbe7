using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Kernel;

namespace FastCms.Records;

/// <summary>
/// The changes of an update: new values, atomic <c>"views+"</c>/<c>"views-"</c> increments, and files appended to or
/// removed from file fields (<c>"gallery+"</c>/<c>"gallery-"</c>), which become values once the stored record is read.
/// </summary>
internal sealed class RecordPatch
{
    public List<(int Field, object? Value)> Sets { get; } = [];

    public List<(int Field, double Delta)> Deltas { get; } = [];

    public List<(int Field, string[] Names, bool Append)> FileEdits { get; } = [];
}

/// <summary>Validates the <c>data</c> object of a create or update against the collection, all fields at once.</summary>
internal static class RecordInput
{
    /// <summary>
    /// The values of a create. <paramref name="accepted"/>, when given, are values this data was built from and that already
    /// passed: a text value the before-hooks left as it was is taken as is instead of being normalized again (the HTML
    /// sanitizer, a pattern), as normalizing its own output gives the same text.
    /// </summary>
    public static object?[] ForCreate(CompiledCollection collection, JsonObject data, string prefix = "", object?[]? accepted = null)
    {
        CheckText(data, prefix);
        var errors = new FieldErrors();
        foreach (var (key, _) in data)
        {
            if (!collection.TryGetField(key, out _))
            {
                errors.Add(prefix + key, key.EndsWith('+') || key.EndsWith('-') ? "Modifiers (+/-) apply to updates only." : "Unknown field.");
            }
        }

        var values = new object?[collection.Fields.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var field = collection.Fields[i];
            if (field.Type == FieldType.Autodate)
            {
                continue;
            }

            if (!data.TryGetPropertyValue(field.Name, out var node))
            {
                values[i] = collection.Defaults[i];
            }
            else if (accepted?[i] is string before && Unchanged(node, before))
            {
                values[i] = before;
            }
            else if (FieldValidator.Normalize(field, collection.Patterns[i], node, out values[i]) is { } problem)
            {
                errors.Add(prefix + field.Name, problem);
                continue;
            }

            if (values[i] is null && field.Required)
            {
                errors.Add(prefix + field.Name, "This field is required.");
            }
        }

        return errors.Any ? throw new RecordValidationException(errors) : values;
    }

    /// <summary>The changes of an update; <paramref name="accepted"/> as for <see cref="ForCreate"/>.</summary>
    public static RecordPatch ForUpdate(CompiledCollection collection, JsonObject data, RecordPatch? accepted = null)
    {
        CheckText(data, "");
        var errors = new FieldErrors();
        var patch = new RecordPatch();
        var touched = new HashSet<int>();
        foreach (var (key, node) in data)
        {
            if (collection.TryGetField(key, out var index))
            {
                var field = collection.Fields[index];
                if (field.Type == FieldType.Autodate || !touched.Add(index))
                {
                    continue;
                }

                if (accepted?.Sets.Find(set => set.Field == index).Value is string before && Unchanged(node, before))
                {
                    patch.Sets.Add((index, before));
                }
                else if (FieldValidator.Normalize(field, collection.Patterns[index], node, out var value) is { } problem)
                {
                    errors.Add(key, problem);
                }
                else if (value is null && field.Required)
                {
                    errors.Add(key, "This field is required.");
                }
                else
                {
                    patch.Sets.Add((index, value));
                }
            }
            else if (key.Length > 1 && key[^1] is '+' or '-' && collection.TryGetField(key[..^1], out index))
            {
                if (collection.Fields[index].Type == FieldType.File)
                {
                    if (FileEdit(node) is { } names)
                    {
                        patch.FileEdits.Add((index, names, key[^1] == '+'));
                    }
                    else
                    {
                        errors.Add(key, "Must be a file name or an array of file names.");
                    }
                }
                else if (collection.Fields[index].Type != FieldType.Number)
                {
                    errors.Add(key, "Only number and file fields take + and - modifiers.");
                }
                else if (!JsonNodes.TryGetNumber(node, out var amount))
                {
                    errors.Add(key, "Must be a number.");
                }
                else if (!touched.Add(index))
                {
                    errors.Add(key, "Set a field or modify it, not both.");
                }
                else
                {
                    patch.Deltas.Add((index, key[^1] == '+' ? amount : -amount));
                }
            }
            else
            {
                errors.Add(key, "Unknown field.");
            }
        }

        foreach (var (field, _, _) in patch.FileEdits.Where(e => patch.Sets.Any(s => s.Field == e.Field)).DistinctBy(e => e.Field))
        {
            errors.Add(collection.Fields[field].Name, "Set a file field or append to and remove from it, not both.");
        }

        return errors.Any ? throw new RecordValidationException(errors) : patch;
    }

    private static string[]? FileEdit(System.Text.Json.Nodes.JsonNode? node)
    {
        string[]? names = node switch
        {
            JsonArray array when array.All(i => JsonNodes.TryGetString(i, out _)) => [.. array.Select(i => i!.GetValue<string>())],
            _ when JsonNodes.TryGetString(node, out var one) => [one],
            _ => null,
        };
        return names is not null && names.All(Files.FileNames.IsStoredName) ? names : null;
    }

    /// <summary>
    /// Refuses text that is not well-formed Unicode before anything reads it: by field for values, as the whole
    /// <c>data</c> object (or <c>records[i]</c> of a batch) for a key that cannot be read.
    /// </summary>
    private static void CheckText(JsonObject data, string prefix)
    {
        var errors = new FieldErrors();
        if (UnicodeText.TryReadEntries(data) is not { } entries)
        {
            errors.Add(prefix.Length == 0 ? "data" : prefix.TrimEnd('.'), UnicodeText.KeyProblem);
        }
        else
        {
            foreach (var (key, _) in entries.Where(e => !UnicodeText.IsWellFormed(e.Value)))
            {
                errors.Add(prefix + key, UnicodeText.Problem);
            }
        }

        if (errors.Any)
        {
            throw new RecordValidationException(errors);
        }
    }

    // Whether a before-hook left a text value exactly as it was given to it.
    private static bool Unchanged(JsonNode? node, string before) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String && value.GetValue<string>() == before;

    /// <summary>The values a create will write, as <see cref="Plugins.Events.RecordChange.Data"/> shows them.</summary>
    public static JsonObject ToJson(CompiledCollection collection, object?[] values)
    {
        var json = new JsonObject();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not null)
            {
                json[collection.Fields[i].Name] = FieldValues.ToNode(collection.Fields[i], values[i]);
            }
        }

        return json;
    }

    public static JsonObject ToJson(CompiledCollection collection, RecordPatch patch)
    {
        var json = new JsonObject();
        foreach (var (field, value) in patch.Sets)
        {
            json[collection.Fields[field].Name] = FieldValues.ToNode(collection.Fields[field], value);
        }

        foreach (var (field, delta) in patch.Deltas)
        {
            json[collection.Fields[field].Name + (delta < 0 ? "-" : "+")] = Math.Abs(delta);
        }

        foreach (var (field, names, append) in patch.FileEdits)
        {
            json[collection.Fields[field].Name + (append ? "+" : "-")] = new JsonArray([.. names.Select(n => (JsonNode?)n)]);
        }

        return json;
    }
}
