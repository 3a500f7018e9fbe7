using FastCms.AdminShell;
using FastCms.Collections;
using FastCms.Kernel;
using FastCms.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FastCms.Admin.Pages.Records;

/// <summary>A record offered by the relation picker: its id and its label (the target's display field).</summary>
internal sealed record PickerOption(string Id, string Label);

internal sealed record PickerResult(IReadOnlyList<PickerOption> Items);

/// <summary>
/// What the record form's relation picker (<c>js/relation-picker.js</c>) searches: records of a relation field's
/// target collection whose text fields contain every typed word (as the records list's search does), newest first.
/// Only for the admin session cookie, which the API never accepts; it reads through the records service as the
/// signed-in admin, so it returns nothing that admin could not list through the records API. A read only, so no
/// anti-forgery token: another site can make the browser send it but cannot read the answer.
/// </summary>
internal static class RelationPicker
{
    public const int Limit = 20;

    public static string Path(string collection, string field) =>
        $"/admin/collections/{Uri.EscapeDataString(collection)}/relations/{Uri.EscapeDataString(field)}";

    public static void MapRelationPicker(this IEndpointRouteBuilder app) =>
        AdminErrorPages.AnswersJson(app.MapGet("/admin/collections/{collection}/relations/{field}", SearchAsync).RequireAdminSession().ExcludeFromDescription());

    /// <summary>The target of a relation field the picker can search: a collection of records (users are not).</summary>
    public static CompiledCollection? Target(SchemaSnapshot schema, FieldDefinition field) =>
        field is { Type: FieldType.Relation, TargetCollectionId: { } id } && schema.FindById(id) is { IsUsers: false } target ? target : null;

    private static async Task<Results<Ok<PickerResult>, NotFound, ProblemHttpResult>> SearchAsync(
        string collection, string field, string? q, HttpContext http, SchemaCache cache, RecordService records, CancellationToken cancellationToken)
    {
        var schema = await cache.GetAsync(cancellationToken);
        if (schema.Find(collection) is not { IsUsers: false } source || !source.TryGetField(field, out var index)
            || Target(schema, source.Fields[index]) is not { } target)
        {
            return TypedResults.NotFound();
        }

        var filter = string.IsNullOrWhiteSpace(q) ? null : RecordSearch.WordsFilter(target, q);
        try
        {
            var page = await records.ListAsync(
                RecordCaller.FromHttp(http), target.Name, new ListOptions(1, Limit, filter, "-created", SkipTotal: true), cancellationToken);
            return TypedResults.Ok(new PickerResult([.. page.Items.Select(r => new PickerOption(r.Id, RelationLabels.Label(target, r)))]));
        }
        catch (InvalidQueryException e)
        {
            return Problems.BadRequest(e.Message);
        }
    }
}
