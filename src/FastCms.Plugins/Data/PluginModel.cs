namespace FastCms.Plugins.Data;

/// <summary>
/// A convenient base for a plugin's entity classes: a 15-character random <see cref="Id"/> (assigned when the entity is
/// first saved) and <see cref="Created"/>/<see cref="Updated"/> timestamps (UTC) kept by
/// <see cref="PluginDbContext.SaveChangesAsync(bool, CancellationToken)"/>. Entities may also be plain classes with a
/// key of their own.
/// </summary>
public abstract class PluginModel
{
    /// <summary>The primary key; left empty, it is assigned on the first save.</summary>
    public string Id { get; set; } = "";

    /// <summary>When the entity was first saved (UTC).</summary>
    public DateTimeOffset Created { get; set; }

    /// <summary>When the entity was last saved (UTC).</summary>
    public DateTimeOffset Updated { get; set; }
}
