using System.Text.Json;
using System.Text.Json.Nodes;
using FastCms.AdminShell;
using FastCms.Collections;
using FastCms.Records;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace FastCms.Admin.Pages.Collections;

/// <summary>What saving the collection form came to.</summary>
/// <param name="Collection">The saved collection, when it worked.</param>
/// <param name="Errors">Errors per input (keys of the form's inputs); problems that belong to no input under <c>""</c>.</param>
/// <param name="NotFound">The collection to change no longer exists.</param>
internal sealed record CollectionSave(CollectionDefinition? Collection, FormErrors Errors, bool NotFound = false);

/// <summary>Saves the collection form through <see cref="CollectionService"/>, exactly as the API would.</summary>
internal sealed class CollectionEditor(CollectionService collections, SchemaCache cache, IOptions<JsonOptions> json)
{
    public const string GeneralErrors = "";

    public async Task<CollectionSave> SaveAsync(string? existing, CollectionForm form, HttpContext http, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToElement(form.ToBody(await StoredFieldsAsync(existing, cancellationToken), out var sentRows, out var sentIndexes));
        if (form.InputErrors.Any)
        {
            return new CollectionSave(null, form.InputErrors);
        }

        var request = body.Deserialize<CollectionRequest>(json.Value.SerializerOptions)!;
        var actor = RecordCaller.FromHttp(http).Actor;
        var outcome = existing is null
            ? await collections.CreateAsync(request, body, actor, cancellationToken)
            : await collections.UpdateAsync(existing, request, body, actor, cancellationToken);
        var errors = new FormErrors();
        if (outcome.Errors is { } fieldErrors)
        {
            foreach (var (key, messages) in fieldErrors.ToDictionary())
            {
                var input = key.StartsWith("indexes[", StringComparison.Ordinal) ? IndexForm.InputKey(key, sentIndexes) : CollectionForm.InputKey(key, sentRows);
                foreach (var message in messages)
                {
                    // The database refusing a new unique index over duplicates: said where that index was asked for.
                    if (key == "schema" && form.Indexes is { AddsUnique: true } && message.StartsWith("A unique index", StringComparison.Ordinal))
                    {
                        errors.Add(IndexForm.NewFieldsKey, "Existing records have duplicate values in these fields, so the index cannot be unique.");
                        continue;
                    }

                    errors.Add(Known(input, form) ? input : GeneralErrors, Known(input, form) ? message : $"{key}: {message}");
                }
            }
        }

        if (outcome.Conflict is { } conflict)
        {
            errors.Add(conflict.Contains("already exists", StringComparison.Ordinal) || conflict.Contains("table named", StringComparison.Ordinal) ? "name" : GeneralErrors, conflict);
        }

        return new CollectionSave(outcome.Collection, errors, outcome.NotFound);
    }

    /// <summary>Names of the collections a relation can point at, the built-in users last.</summary>
    public async Task<IReadOnlyList<string>> RelationTargetsAsync(CancellationToken cancellationToken) =>
        [.. (await cache.GetAsync(cancellationToken)).Collections.Select(c => c.Name)];

    // The existing collection's fields exactly as GET /api/v1/collections/{name} shows them, by id.
    private async Task<IReadOnlyDictionary<string, JsonObject>> StoredFieldsAsync(string? existing, CancellationToken cancellationToken)
    {
        var schema = await cache.GetAsync(cancellationToken);
        if (existing is null || schema.FindById(existing) is not { } collection)
        {
            return new Dictionary<string, JsonObject>();
        }

        return CollectionResponse.From(collection.Definition, schema).Schema
            .ToDictionary(f => f.Id!, f => JsonSerializer.SerializeToNode(f, json.Value.SerializerOptions)!.AsObject(), StringComparer.Ordinal);
    }

    // Errors about inputs the form has are shown next to them; the rest (another collection's rule) at the top.
    private static bool Known(string key, CollectionForm form) =>
        key is "name" or "display_field"
        || (form.Indexes is { } indexes && (key == IndexForm.NewFieldsKey || indexes.Rows.Any(r => key == r.Key("fields"))))
        || form.Rules.Any(r => r.Property == key) || form.Fields.Any(f => key.StartsWith($"schema[{f.Index}]", StringComparison.Ordinal));
}
