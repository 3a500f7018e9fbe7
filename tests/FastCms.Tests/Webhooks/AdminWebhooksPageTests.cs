using System.Net;
using System.Text.RegularExpressions;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.Webhooks;

/// <summary>The admin webhooks pages: list, create, edit, delivery log and redelivery, through forms as a browser posts them.</summary>
public abstract partial class AdminWebhooksPageTests(ServerFixture server) : ServerTests(server)
{
    private Task<AdminClient> SignInAsync() => AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);

    [Fact]
    public async Task CreateForm_ValidWebhook_ShowsSecretOnceAndListsIt()
    {
        var admin = await SignInAsync();
        var collection = await Admin.NewCollectionAsync();

        var response = await admin.SubmitAsync("/admin/webhooks", new()
        {
            ["Form.Url"] = "http://127.0.0.1:9/from-the-form",
            ["Form.Collections"] = collection,
            ["Form.Events"] = "record.created",
            ["Form.Enabled"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var detail = response.Headers.Location!.OriginalString;
        var page = await admin.GetPageAsync(detail);
        Assert.Matches("<code class=\"webhook-secret\">whsec_[^<]{40,}</code>", page);
        Assert.DoesNotMatch("<code class=\"webhook-secret\">", await admin.GetPageAsync(detail));
        var list = await admin.GetPageAsync("/admin/webhooks");
        Assert.Contains("http://127.0.0.1:9/from-the-form", list);
        Assert.Contains($"<td data-label=\"Collections\">{collection}</td>", list);
    }

    [Fact]
    public async Task CreateForm_RefusedUrlAndUnknownCollection_ShowsFieldErrors()
    {
        var admin = await SignInAsync();

        var response = await admin.SubmitAsync("/admin/webhooks", new()
        {
            ["Form.Url"] = "http://169.254.169.254/latest",
            ["Form.Collections"] = "no_such_collection",
            ["Form.Events"] = "record.created",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("AllowedAddresses", html);
        Assert.Contains("There is no collection named &#x27;no_such_collection&#x27;.", html);
    }

    [Fact]
    public async Task CreateForm_Filter_SavedOrRefusedWithReason()
    {
        var admin = await SignInAsync();
        var collection = await Admin.NewCollectionAsync();
        var fields = new Dictionary<string, string>
        {
            ["Form.Url"] = "http://127.0.0.1:9/filtered",
            ["Form.Collections"] = collection,
            ["Form.Events"] = "record.created",
            ["Form.Enabled"] = "true",
        };

        var refused = await admin.SubmitAsync("/admin/webhooks", new(fields) { ["Form.Filter"] = "title > 'm'" });
        var saved = await admin.SubmitAsync("/admin/webhooks", new(fields) { ["Form.Filter"] = "title ~ 'launch'" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("collation", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = saved.Headers.Location!.OriginalString.Split('/')[^1];
        var stored = await (await Admin.GetAsync($"/api/v1/admin/webhooks/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("title ~ 'launch'", stored["filter"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeliveryLog_Redeliver_SendsTheEventAgainWithItsId()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var collection = await Admin.NewCollectionAsync();
        var webhook = await Admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { collection } });
        await Admin.CreateRecordAsync(collection, new { title = "logged" });
        await Admin.WaitForDeliveriesAsync(webhook.Id(), l => l.Count == 1 && l[0]!["status"]!.GetValue<string>() == "delivered");
        var admin = await SignInAsync();

        var page = await admin.GetPageAsync($"/admin/webhooks/{webhook.Id()}");
        Assert.Contains("<span class=\"badge success\">delivered</span>", page);
        Assert.Contains("200", page);
        var delivery = DeliveryPattern().Match(page).Groups[1].Value;
        var response = await admin.SubmitAsync($"/admin/webhooks/{webhook.Id()}?handler=Redeliver", new() { ["delivery"] = delivery }, formPage: $"/admin/webhooks/{webhook.Id()}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var received = await receiver.WaitAsync(r => r.Count >= 2);
        Assert.Equal(received[0].Id, received[1].Id);
    }

    [Fact]
    public async Task EditForm_Disable_SavesAndRedeliverWithoutTokenRefused()
    {
        var collection = await Admin.NewCollectionAsync();
        var webhook = await Admin.CreateWebhookAsync(new { url = "http://127.0.0.1:9/edit-me", collections = new[] { collection } });
        var admin = await SignInAsync();

        var response = await admin.SubmitAsync($"/admin/webhooks/{webhook.Id()}?handler=Save", new()
        {
            ["Form.Url"] = "http://127.0.0.1:9/edited",
            ["Form.Collections"] = collection,
            ["Form.Events"] = "record.deleted",
        }, formPage: $"/admin/webhooks/{webhook.Id()}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await (await Admin.GetAsync($"/api/v1/admin/webhooks/{webhook.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(stored["enabled"]!.GetValue<bool>());
        Assert.Equal("http://127.0.0.1:9/edited", stored["url"]!.GetValue<string>());
        Assert.Equal(["record.deleted"], stored["events"]!.AsArray().Select(e => e!.GetValue<string>()));
        var forged = await admin.PostAsync($"/admin/webhooks/{webhook.Id()}?handler=Delete", new());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [GeneratedRegex("name=\"delivery\" value=\"([a-z0-9]+)\"")]
    private static partial Regex DeliveryPattern();
}

public sealed class AdminWebhooksPageTestsSqlite(SqliteServer<WebhookSetup> server) : AdminWebhooksPageTests(server), IClassFixture<SqliteServer<WebhookSetup>>;

public sealed class AdminWebhooksPageTestsPostgres(PostgresServer<WebhookSetup> server) : AdminWebhooksPageTests(server), IClassFixture<PostgresServer<WebhookSetup>>;
