using System.ComponentModel;

namespace ExamplePlugin;

/// <summary>
/// Typed settings: each property is a setting (key in snake_case), editable in the admin UI and through
/// <c>PATCH /api/v1/admin/plugins/example-plugin/settings</c>; changes apply without a restart.
/// </summary>
public sealed class ExampleSettings
{
    [Description("The message GET /api/v1/plugins/example/hello answers with.")]
    public string Greeting { get; set; } = "Hello from Example Plugin!";

    [Description("Posts with a longer title are rejected.")]
    public int MaxTitleLength { get; set; } = 200;

    [Description("Whether new posts get a slug generated from their title.")]
    public bool GenerateSlugs { get; set; } = true;

    [Secret]
    [Description("A key for an external service; never shown in clear.")]
    public string ApiKey { get; set; } = "";

    [Description("Written by the nightly-summary job.")]
    public string LastSummary { get; set; } = "";
}
