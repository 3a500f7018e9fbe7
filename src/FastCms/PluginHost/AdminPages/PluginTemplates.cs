using System.Collections.Concurrent;
using System.Globalization;
using FastCms.PluginHost.Loading;
using Fluid;
using Microsoft.Extensions.FileProviders;

namespace FastCms.PluginHost.AdminPages;

/// <summary>Why a plugin page could not be rendered, in words for the page's author.</summary>
internal sealed class PluginPageException(string message, string? source = null) : Exception(message)
{
    /// <summary>The template lines around a syntax error, when known.</summary>
    public string? TemplateSource { get; } = source;
}

/// <summary>
/// Liquid templates of plugins (Fluid), parsed once and kept until the file changes. Each plugin's templates
/// see only its own <c>templates/</c> folder, also for <c>{% render %}</c> and <c>{% include %}</c>.
/// </summary>
internal sealed class PluginTemplates
{
    public const string Folder = "templates";

    private static readonly FluidParser Parser = new();

    private readonly ConcurrentDictionary<string, CachedTemplate> _templates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TemplateOptions> _options = new(StringComparer.Ordinal);

    /// <summary>
    /// The absolute path of <paramref name="template"/> inside the plugin's templates folder; throws when the
    /// name is absolute or leads outside it. The file need not exist yet.
    /// </summary>
    public static string Resolve(string pluginDirectory, string template)
    {
        var root = Path.Combine(pluginDirectory, Folder);
        if (string.IsNullOrWhiteSpace(template) || Path.IsPathRooted(template) || template.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Template '{template}' must be a relative path inside the plugin's {Folder}/ folder, such as 'index.liquid'.", nameof(template));
        }

        var path = Path.GetFullPath(template, root);
        if (!PluginDiscovery.IsInside(root, path) || !PluginDiscovery.IsInside(PluginDiscovery.RealPath(root), PluginDiscovery.RealPath(path)))
        {
            throw new ArgumentException($"Template '{template}' leads outside the plugin's {Folder}/ folder.", nameof(template));
        }

        return path;
    }

    /// <summary>The parsed template at <paramref name="path"/>, parsed again only when the file changed.</summary>
    public IFluidTemplate Get(string path, string name)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            _templates.TryRemove(path, out _);
            throw new PluginPageException($"The template '{name}' does not exist in the plugin's {Folder}/ folder.");
        }

        var stamp = (file.LastWriteTimeUtc, file.Length);
        if (_templates.TryGetValue(path, out var cached) && cached.Stamp == stamp)
        {
            return cached.Template ?? throw cached.Failure();
        }

        var entry = Parse(File.ReadAllText(path), name, stamp);
        _templates[path] = entry;
        return entry.Template ?? throw entry.Failure();
    }

    /// <summary>Options for one plugin: partials come from its templates folder; unknown filters are errors; loops are bounded.</summary>
    public TemplateOptions OptionsFor(string pluginDirectory) => _options.GetOrAdd(pluginDirectory, directory =>
    {
        var root = Path.Combine(directory, Folder);
        var options = new TemplateOptions
        {
            FileProvider = Directory.Exists(root) ? new PhysicalFileProvider(root) : new NullFileProvider(),
            StrictFilters = true,
            MaxSteps = 1_000_000,
            CultureInfo = CultureInfo.InvariantCulture,
            TimeZone = TimeZoneInfo.Utc,
        };
        return options;
    });

    private static CachedTemplate Parse(string source, string name, (DateTime, long) stamp)
    {
        if (Parser.TryParse(source, out var template, out var error))
        {
            return new CachedTemplate(stamp, template, null, null);
        }

        // Fluid reports "message at (line:column)\nSource:\n…": keep the message, show the source apart.
        var parts = error.Split("\nSource:\n", 2);
        return new CachedTemplate(stamp, null, $"The template '{name}' has a syntax error: {parts[0].Trim()}", parts.Length > 1 ? parts[1] : null);
    }

    private sealed record CachedTemplate((DateTime, long) Stamp, IFluidTemplate? Template, string? Error, string? ErrorSource)
    {
        public PluginPageException Failure() => new(Error!, ErrorSource);
    }
}
