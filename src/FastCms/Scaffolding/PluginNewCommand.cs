using FastCms.Kernel;
using FastCms.PluginHost.Loading;
using FastCms.Startup;

namespace FastCms.Scaffolding;

/// <summary>
/// <c>FastCms plugin new &lt;id&gt; [--name …] [--author …]</c>: writes a new plugin folder into the configured plugins
/// directory and exits, without building the web host (no database, no port).
/// </summary>
internal static class PluginNewCommand
{
    public const int UsageError = 2;

    public const string Usage = """
        Usage: FastCms plugin new <id> [--name "My Plugin"] [--author "Your Name"]

        Creates <plugins dir>/<id with '-' replaced by '_'>/ with a plugin that compiles and loads as it is:
        a route, typed settings, an after-hook and an admin page.

          <id>       the plugin id, a URL-safe slug: lowercase letters and digits separated by '-' or '_'
          --name     the display name (default: the id in title case)
          --author   the author shown in the admin (default: "Your Name")
        """;

    /// <summary>Runs the command if the arguments ask for it and returns its exit code; <c>null</c> means "start the server".</summary>
    public static int? TryRun(string[] args) =>
        args is ["plugin", .. var rest] ? Run(rest, Console.Out, Console.Error) : null;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args is ["new", "--help" or "-h"] or ["--help" or "-h"])
        {
            output.WriteLine(Usage);
            return 0;
        }

        if (Parse(args, out var problem) is not { } request)
        {
            error.WriteLine(problem);
            error.WriteLine();
            error.WriteLine(Usage);
            return UsageError;
        }

        if (Validate(request) is { } invalid)
        {
            error.WriteLine(invalid);
            return UsageError;
        }

        var (pluginsDir, address) = ResolveServerSettings();
        var spec = PluginSpec.From(request.Id, request.Name, request.Author);
        var target = Path.Combine(pluginsDir, spec.Folder);
        if (Directory.Exists(target) || File.Exists(target))
        {
            error.WriteLine($"{target} already exists; nothing was changed. Choose another id, or remove that folder first.");
            return UsageError;
        }

        var files = PluginTemplate.Files(spec);
        if (!PluginWriter.TryWrite(pluginsDir, spec.Folder, files, out var writeError))
        {
            error.WriteLine(writeError);
            return UsageError;
        }

        output.WriteLine($"Created plugin '{spec.Id}' in {target}:");
        foreach (var (path, _) in files)
        {
            output.WriteLine($"  {spec.Folder}/{path}");
        }

        output.WriteLine();
        output.WriteLine("Next steps:");
        output.WriteLine("  1. Restart the server; it compiles the new plugin at startup.");
        output.WriteLine($"  2. curl {address}/api/v1/plugins/{spec.Id}/hello");
        output.WriteLine($"  3. Open {address}/admin/plugins/{spec.Id} as an admin, and edit the files in {target}.");
        return 0;
    }

    private sealed record Request(string Id, string? Name, string? Author);

    private static Request? Parse(string[] args, out string problem)
    {
        problem = "";
        if (args is not ["new", .. var rest])
        {
            problem = args.Length == 0 ? "Missing the sub-command: plugin new." : $"Unknown sub-command 'plugin {args[0]}'.";
            return null;
        }

        string? id = null, name = null, author = null;
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--name" or "--author" when i + 1 >= rest.Length:
                    problem = $"The option {rest[i]} needs a value.";
                    return null;
                case "--name":
                    name = rest[++i];
                    break;
                case "--author":
                    author = rest[++i];
                    break;
                case var option when option.StartsWith('-'):
                    problem = $"Unknown option '{option}'.";
                    return null;
                case var value when id is null:
                    id = value;
                    break;
                default:
                    problem = $"Unexpected argument '{rest[i]}': give one id.";
                    return null;
            }
        }

        if (id is null)
        {
            problem = "Missing the plugin id.";
            return null;
        }

        return new Request(id, name, author);
    }

    private static string? Validate(Request request)
    {
        if (PluginValidator.ValidateId(request.Id) is { } idProblem)
        {
            return $"Invalid plugin id: {idProblem}.";
        }

        return ValidateText("--name", request.Name) ?? ValidateText("--author", request.Author);
    }

    private static string? ValidateText(string option, string? value) => value switch
    {
        null => null,
        _ when string.IsNullOrWhiteSpace(value) => $"The option {option} must not be empty.",
        _ when value.Length > 100 => $"The option {option} may be at most 100 characters long.",
        _ when value.Any(char.IsControl) => $"The option {option} must be a single line of text.",
        _ => null,
    };

    /// <summary>
    /// The plugins folder and the address exactly as the server would resolve them — same configuration sources
    /// (appsettings.json, environment variables), same content root — but the host is never built.
    /// </summary>
    private static (string PluginsDir, string Address) ResolveServerSettings()
    {
        var builder = WebApplication.CreateBuilder(HostingExtensions.WithHostDefaults([]));
        builder.AddShippedDefaults();
        var options = builder.Configuration.GetSection(FastCmsOptions.Section).Get<FastCmsOptions>() ?? new FastCmsOptions();
        var paths = ContentPaths.Resolve(options, builder.Environment.ContentRootPath);
        var address = builder.Configuration["urls"]?.Split(';')[0] ?? "http://localhost:8000";
        return (paths.PluginsDir, address.TrimEnd('/'));
    }
}
