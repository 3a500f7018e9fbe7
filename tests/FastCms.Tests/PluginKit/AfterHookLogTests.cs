using System.Net;
using FastCms.Events;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.PluginKit;

/// <summary>A failing after-hook is logged where the docs say: under its plugin's category, <c>Plugin.&lt;id&gt;</c>.</summary>
public sealed class AfterHookLogTests
{
    private const string Password = "Admin-pass-1234";

    [Fact]
    public async Task AfterHook_Throws_IsLoggedUnderThePluginsCategory()
    {
        var root = TestPaths.NewRoot();
        Write(root, "grumpy", "Plugin.cs", Plugin("grumpy", """ctx.OnRecordCreate("notes", (e, ct) => throw new InvalidOperationException("no notes today"));"""));
        await using var host = await TestHost.StartAsync("sqlite", root: root);
        var setup = await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/setup", new { email = "admin@example.com", password = Password, password_confirm = Password }))
            .ExpectAsync(HttpStatusCode.Created);
        var admin = host.Factory.CreateClient().WithBearer(setup["token"]!["access_token"]!.GetValue<string>());
        await (await admin.PostJsonAsync("/api/v1/collections", new { name = "notes", schema = new object[] { new { name = "title", type = "text" } } }))
            .ExpectAsync(HttpStatusCode.Created);

        await (await admin.PostJsonAsync("/api/v1/collections/notes/records", new { data = new { title = "x" } })).ExpectAsync(HttpStatusCode.Created);
        await host.Factory.Services.GetRequiredService<EventQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);

        Assert.Contains(host.Factory.Logs.Lines, line => line.StartsWith("Plugin.grumpy: After-hook of grumpy failed on record.created in notes", StringComparison.Ordinal));
    }
}
