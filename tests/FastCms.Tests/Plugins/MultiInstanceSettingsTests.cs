using System.Net;
using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.Plugins;

/// <summary>Two server instances on one PostgreSQL database: a settings change on one reaches the plugin on the other.</summary>
public sealed class MultiInstanceSettingsTests
{
    [Fact]
    public async Task Patch_OnOneInstance_ReachesThePluginOnTheOther()
    {
        await using var database = await Databases.CreateAsync("postgres");
        var rootA = TestPaths.NewRoot();
        var rootB = TestPaths.NewRoot();
        foreach (var root in new[] { rootA, rootB })
        {
            Write(root, "shared", "Plugin.cs", Plugin("shared", """ctx.IncludeRouter("/shared").MapGet("/color", () => ctx.GetSetting("color", "none"));"""));
        }

        await using var a = TestHost.Start(database, rootA);
        await using var b = TestHost.Start(database, rootB);
        const string password = "Admin-pass-1234";
        var setup = await (await a.Factory.CreateClient().PostJsonAsync("/api/v1/setup", new { email = "admin@example.com", password, password_confirm = password }))
            .ExpectAsync(HttpStatusCode.Created);
        var admin = a.Factory.CreateClient().WithBearer(setup["token"]!["access_token"]!.GetValue<string>());

        await (await admin.PatchJsonAsync("/api/v1/admin/plugins/shared/settings", new { color = "teal" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("teal", await a.Factory.CreateClient().GetStringAsync("/api/v1/plugins/shared/color"));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string seen;
        do
        {
            seen = await b.Factory.CreateClient().GetStringAsync("/api/v1/plugins/shared/color");
            if (seen == "teal")
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal("teal", seen);
        TestPaths.TryDelete(rootA);
        TestPaths.TryDelete(rootB);
    }
}
