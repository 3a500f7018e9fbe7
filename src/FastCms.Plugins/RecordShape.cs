using System.Text.Json.Nodes;

namespace FastCms.Plugins;

/// <summary>
/// Turns records from the flat form that <see cref="IRecords"/> and hooks use (<c>{"id", "created", "updated", field…,
/// "expand"}</c>) into the records API's shape (<c>{"id", "data": {field…}, "created", "updated", "expand"}</c>), so a
/// plugin route can answer exactly like <c>/api/v1/collections/{name}/records</c>:
/// <c>return TypedResults.Ok(RecordShape.ToApi(record));</c>
/// </summary>
public static class RecordShape
{
    private static readonly HashSet<string> OwnKeys = ["id", "created", "updated", "expand"];

    /// <summary>The record in the records API's shape; a record reduced to its id (hidden by a view rule) stays <c>{"id"}</c>.</summary>
    /// <param name="record">A record as <see cref="IRecordStore"/> returns it.</param>
    /// <returns>A new object; <paramref name="record"/> is left unchanged.</returns>
    public static JsonObject ToApi(JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var api = new JsonObject { ["id"] = record["id"]?.DeepClone() };
        if (record.Count == 1)
        {
            return api;
        }

        var data = new JsonObject();
        foreach (var (key, value) in record)
        {
            if (!OwnKeys.Contains(key))
            {
                data[key] = value?.DeepClone();
            }
        }

        api["data"] = data;
        foreach (var key in (string[])["created", "updated"])
        {
            if (record.TryGetPropertyValue(key, out var value))
            {
                api[key] = value?.DeepClone();
            }
        }

        if (record["expand"] is JsonObject expand)
        {
            var expanded = new JsonObject();
            foreach (var (field, related) in expand)
            {
                expanded[field] = related switch
                {
                    JsonObject one => ToApi(one),
                    JsonArray many => new JsonArray([.. many.OfType<JsonObject>().Select(JsonNode (item) => ToApi(item))]),
                    _ => related?.DeepClone(),
                };
            }

            api["expand"] = expanded;
        }

        return api;
    }

    /// <summary>A page in the records API's list shape: <c>{"items", "total", "page", "per_page", "total_pages"}</c>.</summary>
    /// <param name="list">A page as <see cref="IRecordStore.ListAsync"/> returns it.</param>
    /// <returns>A new object.</returns>
    public static JsonObject ToApi(RecordList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        long? pages = list.TotalItems is { } total ? (total + list.PerPage - 1) / list.PerPage : null;
        return new JsonObject
        {
            ["items"] = new JsonArray([.. list.Items.Select(JsonNode (item) => ToApi(item))]),
            ["total"] = list.TotalItems,
            ["page"] = list.Page,
            ["per_page"] = list.PerPage,
            ["total_pages"] = pages,
        };
    }
}
