using FastCms.PluginHost.Loading;

namespace FastCms.Scaffolding;

/// <summary>
/// The files of a new plugin: a route that reads a typed setting, a before-hook that refuses a blocked word, an after-hook
/// whose effect shows on the admin page, the page itself, a project file for the IDE and a README. They compile and load
/// as they are.
/// </summary>
internal static class PluginTemplate
{
    public static IReadOnlyList<(string Path, string Content)> Files(PluginSpec spec) =>
    [
        ($"{spec.TypeName}Plugin.cs", PluginClass(spec)),
        ($"{spec.TypeName}Settings.cs", Settings(spec)),
        ($"{spec.TypeName}Activity.cs", Activity(spec)),
        ("templates/index.liquid", AdminPage(spec)),
        ($"{spec.Folder}.csproj", Project()),
        ("README.md", Readme(spec)),
    ];

    private static string PluginClass(PluginSpec spec) => $$"""
        namespace {{spec.TypeName}};

        /// <summary>
        /// {{spec.Name}}: a route that answers with a setting, a before-hook that refuses records containing a blocked word,
        /// an after-hook that counts created records, and an admin page that shows the count. The server compiles every .cs
        /// file in this folder at startup.
        /// </summary>
        public sealed class {{spec.TypeName}}Plugin : IPlugin
        {
            public PluginMeta Meta { get; } = new("{{spec.Id}}", {{Literal(spec.Name)}}, "1.0.0")
            {
                Author = {{Literal(spec.Author)}},
                Description = "Answers GET /api/v1/plugins/{{spec.Id}}/hello, refuses records with a blocked word and counts created records.",
            };

            public void Register(IPluginContext ctx)
            {
                var settings = ctx.UseSettings<{{spec.TypeName}}Settings>();
                var activity = new {{spec.TypeName}}Activity();

                var api = ctx.IncludeRouter("/{{spec.Id}}");
                api.MapGet("/hello", () => new { message = settings.Current.Greeting, plugin = ctx.PluginId });

                // Before-hooks run inside the write's transaction; a rejection answers 400 and nothing is written. null: every collection.
                ctx.OnRecordCreating(null, change =>
                {
                    var blocked = settings.Current.BlockedWord;
                    if (blocked.Length > 0 && change.Data.Any(field => field.Value?.ToString().Contains(blocked, StringComparison.OrdinalIgnoreCase) == true))
                    {
                        change.Reject($"Records may not contain \"{blocked}\".");
                    }
                });

                // After-hooks run once per committed write, off the request path; null means every collection.
                ctx.OnRecordCreate(null, e =>
                {
                    activity.RecordCreated(e.Collection);
                    return Task.CompletedTask;
                });

                ctx.AddAdminPage("{{spec.Id}}", {{Literal(spec.Name)}}, "fa-puzzle-piece", "/admin/plugins/{{spec.Id}}");
                ctx.MapAdminPage("/", "index.liquid", _ => new { activity.RecordsCreated, activity.LastCollection });
            }
        }

        """;

    private static string Settings(PluginSpec spec) => $$"""
        using System.ComponentModel;

        namespace {{spec.TypeName}};

        /// <summary>
        /// Typed settings: each property is a setting (key in snake_case), editable in the admin and through
        /// <c>PATCH /api/v1/admin/plugins/{{spec.Id}}/settings</c>; changes apply without a restart.
        /// </summary>
        public sealed class {{spec.TypeName}}Settings
        {
            [Description("The message GET /api/v1/plugins/{{spec.Id}}/hello answers with.")]
            public string Greeting { get; set; } = {{Literal($"Hello from {spec.Name}!")}};

            [Description("New records whose values contain this word are refused (empty: none are).")]
            public string BlockedWord { get; set; } = "spam";
        }

        """;

    private static string Activity(PluginSpec spec) => $$"""
        namespace {{spec.TypeName}};

        /// <summary>What the admin page shows. Kept in memory: a restart starts counting from zero.</summary>
        public sealed class {{spec.TypeName}}Activity
        {
            private int _recordsCreated;

            public int RecordsCreated => Volatile.Read(ref _recordsCreated);

            public string? LastCollection { get; private set; }

            public void RecordCreated(string collection)
            {
                Interlocked.Increment(ref _recordsCreated);
                LastCollection = collection;
            }
        }

        """;

    private static string AdminPage(PluginSpec spec) => $$$"""
        {% comment %}
          The admin page at /admin/plugins/{{{spec.Id}}}. Values are HTML-encoded; model properties are snake_case. The
          admin's Content Security Policy allows no inline scripts or styles: put CSS and JavaScript into static/.
        {% endcomment %}
        <p class="lead">{{ plugin.description }} Version {{ plugin.version }}.</p>

        <div class="columns">
          <section class="card" aria-labelledby="{{{spec.Id}}}-activity-heading">
            <h2 id="{{{spec.Id}}}-activity-heading"><i class="fa-solid fa-chart-simple" aria-hidden="true"></i> Activity</h2>
            <p>Records created since the server started: <strong id="{{{spec.Id}}}-records-created">{{ model.records_created }}</strong></p>
            <p>Last collection: {% if model.last_collection %}<code>{{ model.last_collection }}</code>{% else %}<span class="muted">none yet</span>{% endif %}</p>
          </section>

          <section class="card" aria-labelledby="{{{spec.Id}}}-settings-heading">
            <h2 id="{{{spec.Id}}}-settings-heading"><i class="fa-solid fa-sliders" aria-hidden="true"></i> Settings</h2>
            <dl class="facts">
              <dt>Greeting</dt><dd id="{{{spec.Id}}}-greeting">{{ settings.greeting }}</dd>
              <dt>Blocked word</dt><dd id="{{{spec.Id}}}-blocked-word">{{ settings.blocked_word }}</dd>
            </dl>
            <p>
              <a class="button small" href="{{ plugin.settings_url }}"><i class="fa-solid fa-pen" aria-hidden="true"></i> Edit settings</a>
              <a class="button link small" href="/api/v1/plugins/{{{spec.Id}}}/hello">GET /api/v1/plugins/{{{spec.Id}}}/hello</a>
            </p>
          </section>
        </div>

        """;

    // The same namespaces the server imports implicitly, so the IDE sees what the server compiles.
    private static string Project() => $$"""
        <Project Sdk="Microsoft.NET.Sdk">
          <!-- For IDE support only: the server ignores this file (and bin/, obj/) and compiles the .cs files itself. -->
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>disable</ImplicitUsings>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup>
            <FrameworkReference Include="Microsoft.AspNetCore.App" />
            <ProjectReference Include="../../src/FastCms.Plugins/FastCms.Plugins.csproj" />
          </ItemGroup>
          <ItemGroup>
        {{string.Join('\n', PluginCompiler.ImplicitNamespaces.Select(n => $"    <Using Include=\"{n}\" />"))}}
          </ItemGroup>
        </Project>

        """;

    private static string Readme(PluginSpec spec) => $$"""
        # {{spec.Name}}

        A FastCMS plugin (id `{{spec.Id}}`), created with `FastCms plugin new`.

        | File | What it does |
        |---|---|
        | `{{spec.TypeName}}Plugin.cs` | `Meta` and `Register`: the route, the before- and after-hook and the admin page |
        | `{{spec.TypeName}}Settings.cs` | typed settings, editable in the admin without a restart |
        | `{{spec.TypeName}}Activity.cs` | the counter the after-hook updates and the admin page shows |
        | `templates/index.liquid` | the admin page at `/admin/plugins/{{spec.Id}}` |
        | `{{spec.Folder}}.csproj` | IDE support only; it expects this folder in the repository's `plugins/` |

        Restart the server after a change to a `.cs` file (templates are re-read on their own), then:

        ```bash
        curl localhost:8000/api/v1/plugins/{{spec.Id}}/hello
        ```

        A compile error shows up in the log and in `GET /api/v1/admin/plugins` as `compile_error` with `file:line:col`.
        The plugin guide (`docs/plugin-development.md`) shows hooks, models, jobs and more.

        """;

    private static string Literal(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
