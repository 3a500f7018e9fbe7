using System.ComponentModel;

namespace MyPlugin;

/// <summary>
/// Typed settings: each property is a setting (key in snake_case), editable in the admin and through
/// <c>PATCH /api/v1/admin/plugins/my-plugin/settings</c>; changes apply without a restart.
/// </summary>
public sealed class MyPluginSettings
{
    [Description("The message GET /api/v1/plugins/my-plugin/hello answers with.")]
    public string Greeting { get; set; } = "Hello from MyPlugin!";

    [Description("New records whose values contain this word are refused (empty: none are).")]
    public string BlockedWord { get; set; } = "spam";
}
