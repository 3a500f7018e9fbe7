using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastCms.Records;

/// <summary>
/// Reads primitive values from <see cref="JsonNode"/>s whether they came from parsed JSON or were set by code
/// (a hook writing <c>change.Data["views"] = 5</c> creates an <c>int</c>-backed node).
/// </summary>
internal static class JsonNodes
{
    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    public static bool TryGetString(JsonNode? node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        value = "";
        return false;
    }

    public static bool TryGetNumber(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (v.TryGetValue(out double d))
        {
            value = d;
            return double.IsFinite(d);
        }

        return double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    public static bool TryGetBool(JsonNode? node, out bool value)
    {
        var kind = Kind(node);
        value = kind == JsonValueKind.True;
        return kind is JsonValueKind.True or JsonValueKind.False;
    }

    /// <summary>A string, number, boolean or <c>null</c>; arrays and objects as their JSON text.</summary>
    public static object? ToScalar(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => node!.GetValue<string>(),
        JsonValueKind.Number => TryGetNumber(node, out var d) ? d : null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => node!.ToJsonString(),
    };
}
