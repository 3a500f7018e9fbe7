using FastCms.Collections;
using FastCms.Records;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace FastCms.Admin.Pages.Records;

/// <summary>
/// What related records are called: for ids held by relation fields, the value of the target collection's display
/// field (<see cref="CompiledCollection.DisplayField"/>). The records are read through the records service as the
/// signed-in admin, so a label never shows what that admin could not list; an id without a label is shown as is.
/// </summary>
internal sealed class RelationLabels(IReadOnlyDictionary<(string Target, string Id), string> labels)
{
    /// <summary>Ids asked for in one filter (<c>id = "…" || …</c>), well under the filter language's length limit.</summary>
    public const int IdsPerQuery = 40;

    private const string ViewDataKey = "fastcms:relation-labels";

    public static RelationLabels None { get; } = new(new Dictionary<(string, string), string>());

    /// <summary>The label of <paramref name="id"/> held by <paramref name="field"/>, or <c>null</c> when only the id is known.</summary>
    public string? For(FieldDefinition? field, string id) =>
        field?.TargetCollectionId is { } target && labels.TryGetValue((target, id), out var label) ? label : null;

    /// <summary>The labels a page's record cells read (handed down through view data, which partials share).</summary>
    public static RelationLabels Of(ViewDataDictionary viewData) => viewData[ViewDataKey] as RelationLabels ?? None;

    public void Into(ViewDataDictionary viewData) => viewData[ViewDataKey] = this;

    /// <summary>A record's label: its display field's value as text, or its id when that is empty.</summary>
    public static string Label(CompiledCollection target, RecordView record) =>
        target.DisplayField is { } index && RecordForm.InputText(target.Fields[index], record.Values[index]) is { Length: > 0 } text ? text : record.Id;

    /// <summary>The ids a relation value holds: one id, an array of them, or the text of a relation input.</summary>
    public static IEnumerable<string> Ids(object? value) => value switch
    {
        string[] many => many,
        string text => text.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => [],
    };

    /// <summary>Labels of the related records of <paramref name="records"/>, for a page of them.</summary>
    public static Task<RelationLabels> ForRecordsAsync(
        SchemaSnapshot schema, CompiledCollection collection, IEnumerable<RecordView> records, RecordService service, RecordCaller caller, CancellationToken cancellationToken) =>
        LoadAsync(schema, records.SelectMany(r => collection.Fields.Select((f, i) => (Field: f, Value: r.Values[i]))), service, caller, cancellationToken);

    /// <summary>Labels of the records named by relation fields, given as field and value (stored value or input text).</summary>
    public static async Task<RelationLabels> LoadAsync(
        SchemaSnapshot schema, IEnumerable<(FieldDefinition Field, object? Value)> values, RecordService service, RecordCaller caller, CancellationToken cancellationToken)
    {
        var wanted = values
            .Where(v => v.Field is { Type: FieldType.Relation, TargetCollectionId: not null })
            .SelectMany(v => Ids(v.Value).Select(id => (Target: v.Field.TargetCollectionId!, Id: id)))
            .Distinct()
            .GroupBy(x => x.Target, x => x.Id);
        var labels = new Dictionary<(string, string), string>();
        foreach (var group in wanted)
        {
            if (schema.FindById(group.Key) is not { IsUsers: false, DisplayField: not null } target)
            {
                continue; // users are not records of the records service; without a display field the id is the label
            }

            foreach (var chunk in group.Chunk(IdsPerQuery))
            {
                var filter = string.Join(" || ", chunk.Select(id => "id = " + RecordSearch.Quote(id)));
                var page = await service.ListAsync(caller, target.Name, new ListOptions(1, chunk.Length, filter, SkipTotal: true), cancellationToken);
                foreach (var record in page.Items)
                {
                    labels[(target.Id, record.Id)] = Label(target, record);
                }
            }
        }

        return new RelationLabels(labels);
    }
}
