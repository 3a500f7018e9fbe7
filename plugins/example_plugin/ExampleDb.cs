namespace ExamplePlugin;

/// <summary>A note a signed-in user keeps; stored in table <c>example_plugin_notes</c>.</summary>
public sealed class Note : PluginModel
{
    public string Title { get; set; } = "";

    public string Body { get; set; } = "";

    public string OwnerId { get; set; } = "";
}

/// <summary>One line per post created, written inside the post's own transaction (table <c>example_plugin_post_log</c>).</summary>
public sealed class PostLogEntry : PluginModel
{
    public string PostId { get; set; } = "";

    public string Title { get; set; } = "";

    public string? UserId { get; set; }
}

/// <summary>
/// The plugin's database. The host creates the tables at startup and adds columns when properties are added; route
/// handlers take it as a parameter, hooks and jobs get it from <c>ctx.UseDatabase</c>.
/// </summary>
public sealed class ExampleDb(PluginDbOptions options) : PluginDbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    public DbSet<PostLogEntry> PostLog => Set<PostLogEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Note>().HasIndex(n => n.OwnerId);
        modelBuilder.Entity<PostLogEntry>().HasIndex(e => e.PostId).IsUnique();
    }
}
