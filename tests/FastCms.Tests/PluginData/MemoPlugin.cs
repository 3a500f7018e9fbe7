namespace FastCms.Tests.PluginData;

/// <summary>
/// Source of a small plugin with a database: <c>memo</c>, whose <c>Note</c> entity changes between test steps the way a
/// plugin author would change it between releases.
/// </summary>
public static class MemoPlugin
{
    public const string Table = "memo_notes";

    /// <param name="properties">Property declarations of <c>Note</c> besides those of <c>PluginModel</c>.</param>
    /// <param name="projection">What GET /notes returns per note (an anonymous object over <c>n</c>).</param>
    /// <param name="register">Extra statements in <c>Register</c> (migrations, hooks).</param>
    /// <param name="model">Extra statements in <c>OnModelCreating</c>.</param>
    public static string Source(
        string properties = "public string Title { get; set; } = \"\";",
        string projection = "new { n.Id, n.Title }",
        string register = "",
        string model = "",
        string id = "memo",
        string ns = "Memo",
        string set = "Notes") => $$"""
        namespace {{ns}};

        public sealed class Note : PluginModel
        {
            {{properties}}
        }

        public sealed class MemoDb(PluginDbOptions options) : PluginDbContext(options)
        {
            public DbSet<Note> {{set}} => Set<Note>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                {{model}}
            }
        }

        public sealed class MemoPlugin : IPlugin
        {
            public PluginMeta Meta { get; } = new("{{id}}", "Memo {{id}}", "1.0.0");

            public void Register(IPluginContext ctx)
            {
                ctx.UseDatabase<MemoDb>();
                var api = ctx.IncludeRouter("/{{id}}");
                api.MapGet("/notes", async (MemoDb db) => await db.{{set}}.OrderBy(n => n.Created).ThenBy(n => n.Id).Select(n => {{projection}}).ToListAsync());
                api.MapPost("/notes", async (System.Text.Json.Nodes.JsonObject input, MemoDb db) =>
                {
                    var note = System.Text.Json.JsonSerializer.Deserialize<Note>(input.ToJsonString(), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
                    db.{{set}}.Add(note);
                    await db.SaveChangesAsync();
                    return Results.Created($"/api/v1/plugins/{{id}}/notes/{note.Id}", note);
                });
                {{register}}
            }
        }
        """;
}
