using System.Net;
using System.Text.RegularExpressions;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.AdminPlugins;

public abstract class AdminJobsPageTests(ServerFixture server) : ServerTests(server)
{
    private Task<AdminClient> SignInAsync() => AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);

    [Fact]
    public async Task JobsPage_ListsEveryJobWithScheduleAndNextRun()
    {
        var html = await (await SignInAsync()).GetPageAsync("/admin/jobs");

        var row = Row(html, "yearly-tick");
        Assert.Contains("<span class=\"muted\">jobs-demo</span>", row);
        Assert.Contains("<code>0 0 1 1 *</code>", row);
        Assert.Matches("<td data-label=\"Next run\">\\s*<time datetime=\"\\d{4}-01-01T00:00:00\\.0000000Z\">", row);
        Assert.Contains("name=\"owner\" value=\"jobs-demo\"", row);
        Assert.Contains("nightly-summary", html);
    }

    [Fact]
    public async Task RunNow_SucceedingJob_RunsItAndShowsTheResult()
    {
        var admin = await SignInAsync();
        var response = await admin.SubmitAsync("/admin/jobs?handler=Run", new() { ["owner"] = "jobs-demo", ["name"] = "yearly-tick" }, formPage: "/admin/jobs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await admin.GetPageAsync("/admin/jobs");
        Assert.Contains("Job yearly-tick of jobs-demo ran and succeeded.", html);
        var row = Row(html, "yearly-tick");
        Assert.Contains("<span class=\"badge success\">succeeded</span>", row);
        Assert.Contains("run by hand", row);
        var api = await (await Admin.GetAsync("/api/v1/admin/jobs")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("succeeded", api.AsArray().Single(j => j!["name"]!.GetValue<string>() == "yearly-tick")!["last_result"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunNow_FailingJob_ShowsItsError()
    {
        var admin = await SignInAsync();
        await admin.SubmitAsync("/admin/jobs?handler=Run", new() { ["owner"] = "jobs-demo", ["name"] = "always-fails" }, formPage: "/admin/jobs");

        var html = await admin.GetPageAsync("/admin/jobs");
        Assert.Matches("<p class=\"alert error\" role=\"alert\">.*Job always-fails of jobs-demo ran and failed: .*the disk is full", html);
        Assert.Contains("<span class=\"badge danger\">failed</span>", Row(html, "always-fails"));
    }

    [Fact]
    public async Task RunNow_WithoutAntiforgeryTokenOrForUnknownJob_IsRefused()
    {
        var admin = await SignInAsync();
        var forged = await admin.PostAsync("/admin/jobs?handler=Run", new() { ["owner"] = "jobs-demo", ["name"] = "yearly-tick" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var unknown = await admin.SubmitAsync("/admin/jobs?handler=Run", new() { ["owner"] = "jobs-demo", ["name"] = "no-such-job" }, formPage: "/admin/jobs");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    // The table row of one job.
    private static string Row(string html, string job)
    {
        var match = Regex.Match(html, $"<tr>\\s*<td data-label=\"Job\"><strong>{job}</strong>.*?</tr>", RegexOptions.Singleline);
        Assert.True(match.Success, $"No row for job {job}.");
        return match.Value;
    }
}

public sealed class AdminJobsPageTestsSqlite(SqliteServer<AdminPluginsSetup> server) : AdminJobsPageTests(server), IClassFixture<SqliteServer<AdminPluginsSetup>>;

public sealed class AdminJobsPageTestsPostgres(PostgresServer<AdminPluginsSetup> server) : AdminJobsPageTests(server), IClassFixture<PostgresServer<AdminPluginsSetup>>;
