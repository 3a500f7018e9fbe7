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

/// <summary>What the host knows about one discovered plugin folder, whatever became of it.</summary>
internal sealed class PluginInfo(string folder, string path, PluginKind kind)
{
    /// <summary>The folder name under the plugins directory.</summary>
    public string Folder { get; } = folder;

    public string Path { get; } = path;

    public PluginKind Kind { get; } = kind;

    public PluginStatus Status { get; set; } = PluginStatus.Active;

    public string? Error { get; set; }

    public IReadOnlyList<string> Diagnostics { get; set; } = [];

    /// <summary>Known once the plugin's class was instantiated.</summary>
    public FastCms.Plugins.PluginMeta? Meta { get; set; }

    public IReadOnlyList<string> RoutePrefixes { get; set; } = [];

    public IReadOnlyList<FastCms.AdminShell.AdminPage> AdminPages { get; set; } = [];

    public bool HasSettingsSchema { get; set; }

    /// <summary>The tables the plugin's model maps to.</summary>
    public IReadOnlyList<string> Tables { get; set; } = [];

    /// <summary>The names of the plugin's scheduled jobs.</summary>
    public IReadOnlyList<string> Jobs { get; set; } = [];

    /// <summary>Whether the assembly came from the compile cache.</summary>
    public bool? CacheHit { get; set; }

    public double BuildMilliseconds { get; set; }

    public string? Id => Meta?.Id;

    public void Fail(PluginStatus status, string error, IReadOnlyList<string>? diagnostics = null)
    {
        Status = status;
        Error = error;
        Diagnostics = diagnostics ?? [];
    }
}
