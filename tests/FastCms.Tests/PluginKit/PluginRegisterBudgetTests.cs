using System.Diagnostics;
using System.Net;
using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.PluginKit;

/// <summary>A plugin whose <c>Register</c> does not return keeps neither the server offline nor anything it registered.</summary>
public sealed class PluginRegisterBudgetTests
{
    private const string Password = "Admin-pass-1234";

    [Fact]
    public async Task Start_RegisterSleepsPastTheBudget_ServerStartsAndThePluginFailsWithNothingMounted()
    {
        var root = TestPaths.NewRoot();
        Write(root, "sleepy", "Plugin.cs", Plugin("sleepy", """
            ctx.IncludeRouter("/sleepy").MapGet("/early", () => "registered before the sleep");
            System.Threading.Thread.Sleep(TimeSpan.FromSeconds(20));
            ctx.IncludeRouter("/sleepy-late").MapGet("/late", () => "registered after the sleep");
            """));
        Write(root, "quick", "Plugin.cs", Plugin("quick", """ctx.IncludeRouter("/quick").MapGet("/ping", () => "pong");"""));
        var clock = Stopwatch.StartNew();

        await using var host = await TestHost.StartAsync("sqlite", [new("FastCms:Plugins:RegisterTimeoutSeconds", "2")], root);
        var started = clock.Elapsed;
        var client = host.Factory.CreateClient();
        var admin = await SetupAsync(host);
        var sleepy = await (await admin.GetAsync("/api/v1/admin/plugins/sleepy")).ExpectAsync(HttpStatusCode.OK);

        Assert.True(started < TimeSpan.FromSeconds(15), $"the server waited {started.TotalSeconds:0.0} s for a Register that never returned");
        Assert.Equal("failed", sleepy["status"]!.GetValue<string>());
        Assert.Contains("Register did not return within 2 s (FastCms:Plugins:RegisterTimeoutSeconds)", sleepy["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/plugins/sleepy/early")).StatusCode);
        Assert.Equal("pong", await client.GetStringAsync("/api/v1/plugins/quick/ping"));
        Assert.Contains(host.Factory.Logs.Lines, line => line.Contains("Plugin sleepy: Register has been running for", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_RegisterWithinTheBudget_IsActive()
    {
        var root = TestPaths.NewRoot();
        Write(root, "patient", "Plugin.cs", Plugin("patient", """
            System.Threading.Thread.Sleep(TimeSpan.FromMilliseconds(1500));
            ctx.IncludeRouter("/patient").MapGet("/ping", () => "pong");
            """));

        await using var host = await TestHost.StartAsync("sqlite", [new("FastCms:Plugins:RegisterTimeoutSeconds", "10")], root);

        Assert.Equal("pong", await host.Factory.CreateClient().GetStringAsync("/api/v1/plugins/patient/ping"));
    }

    private static async Task<HttpClient> SetupAsync(TestHost host)
    {
        var body = await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/setup", new { email = "admin@example.com", password = Password, password_confirm = Password }))
            .ExpectAsync(HttpStatusCode.Created);
        return host.Factory.CreateClient().WithBearer(body["token"]!["access_token"]!.GetValue<string>());
    }
}
