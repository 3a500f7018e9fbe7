using System.Text.Json;
using FastCms.Kernel;

namespace FastCms.PluginHost.AdminPages;

/// <summary>
/// Turns a plugin's model into plain values for Liquid: it is serialised as the JSON API would (snake_case,
/// UTC timestamps) and read back as dictionaries, lists and scalars. Templates therefore see exactly the public
/// data of the model — never methods or services reachable through it.
/// </summary>
internal static class TemplateValues
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static object? FromModel(object? model) =>
        model is null ? new Dictionary<string, object?>() : FromJson(JsonSerializer.SerializeToElement(model, model.GetType(), Options));

    public static object? FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => value.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var integer) ? integer
            : value.TryGetDecimal(out var number) ? number
            : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
        };
        options.Converters.Add(new UtcTimestampJsonConverter());
        return options;
    }
}
