using System.Net;
using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.PluginKit;

/// <summary>Every plugin the admin list shows can be fetched by its folder name, whatever its id.</summary>
public sealed class PluginFolderLookupTests
{
    private const string Password = "Admin-pass-1234";

    [Fact]
    public async Task Get_ByFolderName_FindsPluginsWithInvalidOrDuplicateIds()
    {
        var root = TestPaths.NewRoot();
        Write(root, "bad_meta_id", "Plugin.cs", Plugin("Not A Slug!", """ctx.IncludeRouter("/bad");"""));
        Write(root, "dup_id_a", "Plugin.cs", Plugin("dup-id", """ctx.IncludeRouter("/dup-a").MapGet("/", () => "a");""", className: "PluginA"));
        Write(root, "dup_id_b", "Plugin.cs", Plugin("dup-id", """ctx.IncludeRouter("/dup-b").MapGet("/", () => "b");""", className: "PluginB"));
        await using var host = await TestHost.StartAsync("sqlite", root: root);
        var admin = await SetupAsync(host);

        var list = await (await admin.GetAsync("/api/v1/admin/plugins")).ExpectAsync(HttpStatusCode.OK);
        var bad = await (await admin.GetAsync("/api/v1/admin/plugins/bad_meta_id")).ExpectAsync(HttpStatusCode.OK);
        var winner = await (await admin.GetAsync("/api/v1/admin/plugins/dup-id")).ExpectAsync(HttpStatusCode.OK);
        var first = await (await admin.GetAsync("/api/v1/admin/plugins/dup_id_a")).ExpectAsync(HttpStatusCode.OK);
        var second = await (await admin.GetAsync("/api/v1/admin/plugins/dup_id_b")).ExpectAsync(HttpStatusCode.OK);

        foreach (var listed in list.AsArray())
        {
            var folder = listed!["folder"]!.GetValue<string>();
            var fetched = await (await admin.GetAsync($"/api/v1/admin/plugins/{folder}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(folder, fetched["folder"]!.GetValue<string>());
        }

        Assert.Equal("bad_meta_id", bad["folder"]!.GetValue<string>());
        Assert.NotEqual("active", bad["status"]!.GetValue<string>());
        Assert.Equal("dup_id_a", winner["folder"]!.GetValue<string>());
        Assert.Equal("active", first["status"]!.GetValue<string>());
        Assert.Equal("dup_id_b", second["folder"]!.GetValue<string>());
        Assert.Equal("failed", second["status"]!.GetValue<string>());
        Assert.Contains("already used by the plugin in folder 'dup_id_a'", second["error"]!.GetValue<string>());
    }

    private static async Task<HttpClient> SetupAsync(TestHost host)
    {
        var body = await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/setup", new { email = "admin@example.com", password = Password, password_confirm = Password }))
            .ExpectAsync(HttpStatusCode.Created);
        return host.Factory.CreateClient().WithBearer(body["token"]!["access_token"]!.GetValue<string>());
    }
}
