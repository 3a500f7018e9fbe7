using System.Text.Json.Serialization;

namespace FastCms.PluginHost;

[JsonConverter(typeof(JsonStringEnumConverter<PluginStatus>))]
internal enum PluginStatus
{
    [JsonStringEnumMemberName("active")]
    Active,

    [JsonStringEnumMemberName("disabled")]
    Disabled,

    [JsonStringEnumMemberName("compile_error")]
    CompileError,

    [JsonStringEnumMemberName("load_error")]
    LoadError,

    [JsonStringEnumMemberName("failed")]
    Failed,

    [JsonStringEnumMemberName("incompatible")]
    Incompatible,
}

internal static class PluginStatusNames
{
    /// <summary>The status as the API and logs spell it (<c>compile_error</c>).</summary>
    public static string ToApiName(this PluginStatus status) => status switch
    {
        PluginStatus.Active => "active",
        PluginStatus.Disabled => "disabled",
        PluginStatus.CompileError => "compile_error",
        PluginStatus.LoadError => "load_error",
        PluginStatus.Failed => "failed",
        _ => "incompatible",
    };
}

internal enum PluginKind
{
    Source,
    Prebuilt,
}
