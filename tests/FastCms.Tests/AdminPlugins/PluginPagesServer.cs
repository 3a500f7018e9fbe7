using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.AdminPlugins;

/// <summary>
/// A plugin with admin pages for every case (model, encoding, route values, partials, errors, a form, static files)
/// and plugins whose admin pages break a rule, so their registration must fail as a whole.
/// </summary>
public sealed class PluginPagesServer : SqliteServer
{
    protected override Task PrepareRootAsync(string root)
    {
        Write(root, "pages",
            ("Plugin.cs", Plugin("pages", """
                ctx.UseSettings<PagesSettings>();
                ctx.AddAdminPage("pages-home", "Pages home", "fa-file", "/admin/plugins/pages");
                ctx.MapAdminPage("/", "index.liquid", http => new
                {
                    Title = "<script>alert(1)</script>",
                    Items = new[] { new { Name = "first", Count = 1 }, new { Name = "second", Count = 2 } },
                    TrustedHtml = "<em>trusted</em>",
                    When = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
                });
                ctx.MapAdminPage("/items/{itemId}", "item.liquid", async (http, ct) =>
                {
                    await Task.Yield();
                    return new { Upper = http.Request.RouteValues["itemId"]?.ToString()?.ToUpperInvariant() };
                }, title: "Item details");
                ctx.MapAdminPage("/missing", "nowhere.liquid");
                ctx.MapAdminPage("/syntax", "syntax.liquid");
                ctx.MapAdminPage("/filter", "filter.liquid");
                ctx.MapAdminPage("/throws", "index.liquid", http => throw new InvalidOperationException("the model exploded"));
                ctx.MapAdminPage("/partial", "with-partial.liquid");
                ctx.MapAdminPage("/live", "live.liquid");
                ctx.MapAdminPage("/form", "form.liquid", _ => new { Count = Counter.Value });
                ctx.IncludeAdminRouter().MapPost("/bump", () => { Counter.Value++; return Results.Redirect("/admin/plugins/pages/form"); });
                ctx.IncludeAdminRouter().MapGet("/anonymous", () => "admins only after all").AllowAnonymous();
                """) + """

                public sealed class PagesSettings
                {
                    public string Greeting { get; set; } = "hello from settings";
                    [Secret]
                    public string Token { get; set; } = "";
                }

                public static class Counter { public static int Value; }
                """),
            ("templates/index.liquid", """
                <p id="title">{{ model.title }}</p>
                <ul>{% for item in model.items %}<li>{{ item.name }}={{ item.count }}</li>{% endfor %}</ul>
                <div id="trusted">{{ model.trusted_html | raw }}</div>
                <p id="when">{{ model.when }}</p>
                <p id="plugin">{{ plugin.id }}|{{ plugin.name }}|{{ plugin.url }}|{{ plugin.static_url }}|{{ plugin.settings_url }}</p>
                <p id="user">{{ user.email }}</p>
                <p id="settings">{{ settings.greeting }}|{{ settings.token }}</p>
                <p id="query">{{ request.query.q }}</p>
                <link rel="stylesheet" href="{{ plugin.static_url }}/app.css">
                """),
            ("templates/item.liquid", """<p id="item">{{ model.upper }}/{{ request.route.itemId }}</p>"""),
            ("templates/syntax.liquid", "first line\n{% if model %}never closed"),
            ("templates/filter.liquid", "{{ 'x' | no_such_filter }}"),
            ("templates/with-partial.liquid", "{% render '_greeting', who: 'partial' %}"),
            ("templates/_greeting.liquid", """<p id="partial">hello {{ who }}</p>"""),
            ("templates/live.liquid", """<p id="live">version one</p>"""),
            ("templates/form.liquid", """
                <form method="post" action="{{ plugin.url }}/bump">{{ antiforgery_field }}<button type="submit">Bump</button></form>
                <p id="count">{{ model.count }}</p>
                """),
            ("static/app.css", "#title { color: red; }"),
            ("static/js/app.js", "console.log('pages');"),
            ("static/.hidden.txt", "hidden"),
            ("secret.txt", "outside the static folder"));
        File.CreateSymbolicLink(Path.Combine(root, "plugins", "pages", "static", "escape.txt"), Path.Combine(root, "plugins", "pages", "secret.txt"));

        Write(root, "bad_template_path", "Plugin.cs", Plugin("bad-template-path", """
            ctx.IncludeRouter("/bad-template-path").MapGet("/ok", () => "should not be served");
            ctx.MapAdminPage("/", "../Plugin.cs");
            """));
        Write(root, "reserved_path", "Plugin.cs", Plugin("reserved-path", """
            ctx.IncludeRouter("/reserved-path").MapGet("/ok", () => "should not be served");
            ctx.MapAdminPage("/static/page", "index.liquid");
            """));
        Write(root, "parameter_first", "Plugin.cs", Plugin("parameter-first", """
            ctx.MapAdminPage("/{anything}", "index.liquid");
            """));
        return Task.CompletedTask;
    }
}
