using System.Net;
using System.Net.Http.Json;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.Realtime;

/// <summary>The stream itself: connect, heartbeats, resume with <c>Last-Event-ID</c>, revoked identities, subscribe errors.</summary>
public abstract class RealtimeStreamTests(ServerFixture server) : ServerTests(server)
{
    private async Task<string> PublicCollectionAsync()
    {
        var name = RecordClient.NewName("rt");
        await Admin.CreateCollectionAsync(new { name, schema = new object[] { new { name = "title", type = "text" } }, list_rule = "", view_rule = "" });
        return name;
    }

    [Fact]
    public async Task Stream_Open_SendsConnectWithClientIdThenHeartbeats()
    {
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);

        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType!.MediaType);
        Assert.Matches("^[0-9a-f]{32}$", stream.ClientId);
        Assert.Matches($"^{stream.ClientId}\\.[0-9]+$", stream.LastId!);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (stream.Heartbeats < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(stream.Heartbeats >= 2, "heartbeat comments arrive on an idle stream");
    }

    [Fact]
    public async Task Resume_WithLastEventId_DeliversWhatWasMissedThenLiveEvents()
    {
        var name = await PublicCollectionAsync();
        var (_, user, _) = await Server.SocketUserAsync();
        var first = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await first.SubscribeAsync(user, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);
        await Admin.CreateRecordAsync(name, new { title = "seen" });
        var seen = await first.NextAsync();
        var clientId = first.ClientId;
        await first.DisposeAsync();

        await Admin.CreateRecordAsync(name, new { title = "missed 1" });
        await Admin.CreateRecordAsync(name, new { title = "missed 2" });
        await using var resumed = await SseClient.ConnectAsync(Server.BaseUrl!, seen.Id, expectConnect: false);
        var connect = await resumed.NextAsync();
        Assert.Equal(("connect", clientId, true), (connect.Event, connect.Data["client_id"]!.GetValue<string>(), connect.Data["resumed"]!.GetValue<bool>()));
        Assert.Equal("missed 1", (await resumed.NextAsync()).Record["data"]!["title"]!.GetValue<string>());
        Assert.Equal("missed 2", (await resumed.NextAsync()).Record["data"]!["title"]!.GetValue<string>());
        await Admin.CreateRecordAsync(name, new { title = "live" });
        Assert.Equal("live", (await resumed.NextAsync()).Record["data"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resume_AfterTheFirstOfAChangesTwoTopicMessages_DeliversTheSecondOnce()
    {
        var name = await PublicCollectionAsync();
        var record = await Admin.CreateRecordAsync(name, new { title = "watched" });
        var (_, user, _) = await Server.SocketUserAsync();
        var first = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await first.SubscribeAsync(user, $"{name}/*", $"{name}/{record.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await Admin.PatchJsonAsync($"/api/v1/collections/{name}/records/{record.Id()}", new { data = new { title = "changed" } })).ExpectAsync(HttpStatusCode.OK);
        var one = await first.NextAsync();
        var two = await first.NextAsync();
        var clientId = first.ClientId;
        await first.DisposeAsync();

        // One change, one message per topic, each with an id of its own.
        Assert.Equal([$"{name}/*", $"{name}/{record.Id()}"], new[] { one.Event, two.Event }.Order(StringComparer.Ordinal));
        Assert.Matches($"^{clientId}\\.[0-9]+$", one.Id!);
        Assert.Equal(one.Id + ".1", two.Id);

        // The connection broke after the first message: resuming from it brings the second, then what came after.
        await Admin.CreateRecordAsync(name, new { title = "after" });
        await using (var resumed = await SseClient.ConnectAsync(Server.BaseUrl!, one.Id, expectConnect: false))
        {
            Assert.True((await resumed.NextAsync()).Data["resumed"]!.GetValue<bool>());
            var again = await resumed.NextAsync();
            Assert.Equal((two.Id, two.Event, "changed"), (again.Id, again.Event, again.Record["data"]!["title"]!.GetValue<string>()));
            Assert.Equal("after", (await resumed.NextAsync()).Record["data"]!["title"]!.GetValue<string>());
        }

        // Resuming from the second brings neither message of the change again.
        await using var fromSecond = await SseClient.ConnectAsync(Server.BaseUrl!, two.Id, expectConnect: false);
        Assert.True((await fromSecond.NextAsync()).Data["resumed"]!.GetValue<bool>());
        Assert.Equal("after", (await fromSecond.NextAsync()).Record["data"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resume_UnknownStream_SendsConnectThenReset()
    {
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!, "0123456789abcdef0123456789abcdef.5", expectConnect: false);

        var connect = await stream.NextAsync();
        Assert.Equal(("connect", false), (connect.Event, connect.Data["resumed"]!.GetValue<bool>()));
        Assert.Equal("reset", (await stream.NextAsync()).Event);
    }

    [Fact]
    public async Task PasswordChange_EndsTheSubscribersStream()
    {
        var name = await PublicCollectionAsync();
        var (_, user, _) = await Server.SocketUserAsync("Old-pass-12345");
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await stream.SubscribeAsync(user, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);

        await (await user.PostJsonAsync("/api/v1/auth/change-password", new { old_password = "Old-pass-12345", new_password = "New-pass-12345", new_password_confirm = "New-pass-12345" }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.True(await stream.EndsWithinAsync(TimeSpan.FromSeconds(10)), "the stream of the old password's token ends");
        await using var again = await SseClient.ConnectAsync(Server.BaseUrl!, stream.LastId, expectConnect: false);
        Assert.Equal("connect", (await again.NextAsync()).Event);
        Assert.Equal("reset", (await again.NextAsync()).Event);
    }

    [Fact]
    public async Task LogoutAll_EndsTheSubscribersStream_OthersStay()
    {
        var name = await PublicCollectionAsync();
        var (_, user, _) = await Server.SocketUserAsync();
        var (_, other, _) = await Server.SocketUserAsync();
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        await using var bystander = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await stream.SubscribeAsync(user, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);
        await (await bystander.SubscribeAsync(other, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);

        await (await user.PostAsync("/api/v1/auth/logout-all", null)).ExpectAsync(HttpStatusCode.NoContent);

        Assert.True(await stream.EndsWithinAsync(TimeSpan.FromSeconds(10)), "logout-all ends the stream");
        await Admin.CreateRecordAsync(name, new { title = "after" });
        Assert.Equal("after", (await bystander.NextAsync()).Record["data"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task RoleChange_EndsTheSubscribersStream()
    {
        var name = await PublicCollectionAsync();
        var (userId, user, _) = await Server.SocketUserAsync();
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await stream.SubscribeAsync(user, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);

        await (await Admin.PatchJsonAsync($"/api/v1/admin/users/{userId}", new { role = "admin" })).ExpectAsync(HttpStatusCode.OK);

        Assert.True(await stream.EndsWithinAsync(TimeSpan.FromSeconds(10)), "a role change ends the stream subscribed with the old role");
    }

    [Fact]
    public async Task Metrics_RealtimeInstruments_AppearInPrometheusAndJson()
    {
        var name = await PublicCollectionAsync();
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await stream.SubscribeAsync(Server.Socket(), $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);
        await Admin.CreateRecordAsync(name, new { title = "counted" });
        await stream.NextAsync();

        var prometheus = await (await Admin.GetAsync("/api/v1/admin/metrics/prometheus")).Content.ReadAsStringAsync();
        foreach (var series in new[]
        {
            "fastcms_realtime_connections", "fastcms_realtime_subscriptions", "fastcms_realtime_messages_sent_total",
            "fastcms_realtime_authorization_checks_total", "fastcms_realtime_fanout_seconds_bucket",
        })
        {
            Assert.Contains(series, prometheus);
        }

        var json = await (await Admin.GetAsync("/api/v1/admin/metrics")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(json["gauges"]!["fastcms_realtime_connections"]!.GetValue<double>() >= 1);
        Assert.True(json["counters"]!["fastcms_realtime_authorization_checks_total{mode=\"memory\"}"]!.GetValue<double>() >= 1);
    }

    [Fact]
    public async Task AdminPages_SubscribeWithSessionAndAntiforgery_AndShowRealtimeFigures()
    {
        var name = await PublicCollectionAsync();
        var admin = new AdminClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Server.BaseUrl!) });
        var signIn = await admin.SubmitAsync("/admin/login", new() { ["email"] = Server.AdminEmail, ["password"] = ServerFixture.AdminPassword });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var list = await admin.GetPageAsync($"/admin/collections/{name}");
        Assert.Contains($"data-live-topic=\"{name}/*\"", list);
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        var body = new { client_id = stream.ClientId, subscriptions = new[] { $"{name}/*" } };

        var unforged = await admin.Http.PostJsonAsync("/admin/realtime/subscriptions", body);
        Assert.Equal(HttpStatusCode.BadRequest, unforged.StatusCode);
        Assert.Equal("application/problem+json", unforged.Content.Headers.ContentType?.MediaType);
        Assert.Contains("anti-forgery token", (await unforged.Content.ReadAsStringAsync()));
        using (var forged = new HttpRequestMessage(HttpMethod.Post, "/admin/realtime/subscriptions") { Content = JsonContent.Create(body) })
        {
            forged.Headers.Add("RequestVerificationToken", AdminClient.FormToken(list));
            await (await admin.Http.SendAsync(forged)).ExpectAsync(HttpStatusCode.NoContent);
        }

        var (_, user, _) = await Server.SocketUserAsync();
        Assert.NotEqual(HttpStatusCode.NoContent, (await user.PostJsonAsync("/admin/realtime/subscriptions", body)).StatusCode);
        await Admin.CreateRecordAsync(name, new { title = "seen by the admin page" });
        Assert.Equal("seen by the admin page", (await stream.NextAsync()).Record["data"]!["title"]!.GetValue<string>());
        var metrics = await admin.GetPageAsync("/admin/metrics");
        Assert.Matches("id=\"metric-realtime-connections\">[1-9][0-9]*<", metrics);
        Assert.Matches("id=\"metric-realtime-subscriptions\">[1-9][0-9]*<", metrics);
        Assert.Contains("id=\"metric-realtime-rate\">", metrics);
    }

    [Fact]
    public async Task AdminSignOut_EndsTheStreamsOfThatSessionOnly()
    {
        var name = await PublicCollectionAsync();
        var leaving = await SubscribedAdminPageAsync(name);
        await using var leavingStream = leaving.Stream;
        var staying = await SubscribedAdminPageAsync(name);
        await using var stayingStream = staying.Stream;
        await using var bearer = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await bearer.SubscribeAsync(Admin, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);

        var signOut = await leaving.Admin.SubmitAsync("/admin/logout", []);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.True(await leaving.Stream.EndsWithinAsync(TimeSpan.FromSeconds(10)), "signing out ends the stream subscribed through that session");
        await Admin.CreateRecordAsync(name, new { title = "after sign-out" });
        Assert.Equal("after sign-out", (await staying.Stream.NextAsync()).Record["data"]!["title"]!.GetValue<string>());
        Assert.Equal("after sign-out", (await bearer.NextAsync()).Record["data"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Subscribe_BadRequests_AnswerProblemDetails()
    {
        var name = await PublicCollectionAsync();
        var hiddenName = RecordClient.NewName("rt");
        await Admin.CreateCollectionAsync(new { name = hiddenName, schema = new object[] { new { name = "pin", type = "text", hidden = true } }, list_rule = "" });
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        var guest = Server.Socket();

        async Task<string> ErrorAsync(params object[] topics)
        {
            var body = await (await stream.SubscribeAsync(guest, topics)).ExpectAsync(HttpStatusCode.BadRequest);
            return body["errors"]!["subscriptions[0]"]![0]!.GetValue<string>();
        }

        Assert.Contains("A topic is", await ErrorAsync("no-slash"));
        Assert.Contains("Unknown collection 'nope'", await ErrorAsync("nope/*"));
        Assert.Contains("Users are not published", await ErrorAsync("users/*"));
        Assert.Contains("not a record id", await ErrorAsync($"{name}/x"));
        Assert.Contains("Invalid filter", await ErrorAsync(new { topic = $"{name}/*", filter = "title >" }));
        Assert.Contains("Unknown field 'pin'", await ErrorAsync(new { topic = $"{hiddenName}/*", filter = "pin = '1'" }));
        Assert.Contains("Unknown field 'nope'", await ErrorAsync(new { topic = $"{name}/*", fields = "nope" }));
        Assert.Contains("not a relation", await ErrorAsync(new { topic = $"{name}/*", expand = "title" }));

        var unknown = await guest.PostJsonAsync("/api/v1/realtime", new { client_id = "0123456789abcdef0123456789abcdef", subscriptions = new[] { $"{name}/*" } });
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
        Assert.Contains("No realtime stream", (await unknown.ExpectAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>());
        await (await guest.PostRawAsync("/api/v1/realtime", "{not json")).ExpectAsync(HttpStatusCode.BadRequest);
        await (await guest.PostJsonAsync("/api/v1/realtime", new { subscriptions = Array.Empty<string>() })).ExpectAsync(HttpStatusCode.BadRequest);
        await (await stream.SubscribeAsync(Server.Socket(ExpiredTokens.Create(Server.Factory.Services, "nobody00000000a", "x@example.com")), $"{name}/*")).ExpectAsync(HttpStatusCode.Unauthorized);
        await (await stream.SubscribeAsync(Server.Socket("not-a-token"), $"{name}/*")).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Subscribe_AnotherUsersStreamOrAnotherAddress_IsForbidden()
    {
        var name = await PublicCollectionAsync();
        var (_, owner, ownerToken) = await Server.SocketUserAsync();
        var (_, intruder, _) = await Server.SocketUserAsync();
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await stream.SubscribeAsync(owner, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);

        await (await stream.SubscribeAsync(intruder, $"{name}/*")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await stream.SubscribeAsync(Server.Socket(), $"{name}/*")).ExpectAsync(HttpStatusCode.Forbidden);
        using var elsewhere = RealtimeClients.FromAddress(Server.BaseUrl!, "127.0.0.2").WithBearer(ownerToken);
        await (await stream.SubscribeAsync(elsewhere, $"{name}/*")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await stream.SubscribeAsync(owner, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);
    }

    /// <summary>An admin UI session on the real socket with a stream subscribed through its cookie, as the records page does.</summary>
    private async Task<(AdminClient Admin, SseClient Stream)> SubscribedAdminPageAsync(string collection)
    {
        var admin = new AdminClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Server.BaseUrl!) });
        var signIn = await admin.SubmitAsync("/admin/login", new() { ["email"] = Server.AdminEmail, ["password"] = ServerFixture.AdminPassword });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var list = await admin.GetPageAsync($"/admin/collections/{collection}");
        var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        using var subscribe = new HttpRequestMessage(HttpMethod.Post, "/admin/realtime/subscriptions")
        {
            Content = JsonContent.Create(new { client_id = stream.ClientId, subscriptions = new[] { $"{collection}/*" } }),
        };
        subscribe.Headers.Add("RequestVerificationToken", AdminClient.FormToken(list));
        await (await admin.Http.SendAsync(subscribe)).ExpectAsync(HttpStatusCode.NoContent);
        return (admin, stream);
    }
}

public sealed class RealtimeStreamTestsSqlite(SqliteServer<RealtimeSetup> server) : RealtimeStreamTests(server), IClassFixture<SqliteServer<RealtimeSetup>>;

public sealed class RealtimeStreamTestsPostgres(PostgresServer<RealtimeSetup> server) : RealtimeStreamTests(server), IClassFixture<PostgresServer<RealtimeSetup>>;
