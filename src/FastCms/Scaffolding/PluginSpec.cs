namespace FastCms.Scaffolding;

/// <summary>The names a new plugin is generated with, all derived from its id unless given.</summary>
internal sealed record PluginSpec(string Id, string Name, string Author, string Folder, string TypeName)
{
    /// <summary><c>my-widget</c> → folder <c>my_widget</c>, name "My Widget", types <c>MyWidget…</c>.</summary>
    public static PluginSpec From(string id, string? name, string? author)
    {
        var words = id.Split('-', '_');
        var typeName = string.Concat(words.Select(Capitalize));
        return new PluginSpec(
            id,
            name?.Trim() ?? string.Join(' ', words.Select(Capitalize)),
            author?.Trim() ?? "Your Name",
            id.Replace('-', '_'),
            // An identifier cannot start with a digit (id "2fa" → 2FA is not a type name).
            char.IsAsciiDigit(typeName[0]) ? "Plugin" + typeName : typeName);
    }

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
