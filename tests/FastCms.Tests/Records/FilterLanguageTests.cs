using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>
/// The filter language against a fixed data set, as an anonymous caller (the collection is public):
/// every operator, precedence, nesting, escapes, macros, any-of forms and dotted paths, and the errors.
/// </summary>
public abstract class FilterLanguageTests(ServerFixture server) : ServerTests(server)
{
    public static TheoryData<string, string> Cases => new()
    {
        { "n = 1", "alpha" },
        { "n != 1", "beta,delta,epsilon,gamma,o'neil" },
        { "n > 2", "epsilon,gamma,o'neil" },
        { "n >= 2", "beta,epsilon,gamma,o'neil" },
        { "n < 3", "alpha,beta" },
        { "n <= 3", "alpha,beta,gamma" },
        { "n = 1.0", "alpha" },
        { "n >= 1e1", "epsilon" },
        { "n > -1", "alpha,beta,epsilon,gamma,o'neil" },
        { "1 < n", "beta,epsilon,gamma,o'neil" },
        { "\"alpha\" = title", "alpha" },
        { "n != null && n < 3", "alpha,beta" },
        { "title ~ \"ta\"", "beta,delta" },
        { "title ~ \"TA\"", "beta,delta" },
        { "title ~ 'alp%'", "alpha" },
        { "title !~ \"a\"", "epsilon,o'neil" },
        { "note ~ \"100%\"", "delta" },
        { "note ~ \"%sure\"", "delta" },
        { "note ~ \"under_score\"", "epsilon" },
        { "note ~ \"He_said\"", "" },
        { "note ~ \"\\\\\"", "o'neil" },
        { "note !~ \"x\"", "beta,delta,epsilon,gamma,o'neil" },
        { "note = \"He said \\\"hi\\\"\"", "gamma" },
        { "note = 'He said \"hi\"'", "gamma" },
        { "note = \"back\\\\slash\"", "o'neil" },
        { "title = 'o\\'neil'", "o'neil" },
        { "title = \"o'neil\"", "o'neil" },
        { "title = \"\\u0061lpha\"", "alpha" },
        { "flag = true", "alpha,gamma,o'neil" },
        { "flag != true", "beta,delta,epsilon" },
        { "flag = false", "beta,epsilon" },
        { "flag = null", "delta" },
        { "note = null", "beta" },
        { "note = \"\"", "beta" },
        { "note != \"\"", "alpha,delta,epsilon,gamma,o'neil" },
        { "tags ?= \"a\"", "alpha,beta" },
        { "tags ?!= \"a\"", "beta,delta,epsilon,o'neil" },
        { "tags ?~ \"c\"", "delta,epsilon" },
        { "tags ?!~ \"a\"", "beta,delta,epsilon,o'neil" },
        { "tags ?> \"a\"", "beta,delta,epsilon,o'neil" },
        { "tags ?>= \"c\"", "delta,epsilon" },
        { "tags ?< \"b\"", "alpha,beta" },
        { "tags ?<= \"a\"", "alpha,beta" },
        { "tags = null", "gamma" },
        { "tags != \"\"", "alpha,beta,delta,epsilon,o'neil" },
        { "!tags ?= \"b\"", "alpha,delta,gamma" },
        { "n ?= 1", "alpha" },
        { "day > \"2024-02-10\"", "epsilon,gamma,o'neil" },
        { "day = \"2024-03-10\"", "gamma" },
        { "day <= \"2024-02-10\"", "alpha,beta" },
        { "day < @now", "alpha,beta,epsilon,gamma,o'neil" },
        { "at > @now", "beta,o'neil" },
        { "at < @now", "alpha,epsilon,gamma" },
        { "at < @yesterday", "alpha,epsilon" },
        { "at > @tomorrow", "beta,o'neil" },
        { "at >= @todayStart && at <= @todayEnd", "gamma" },
        { "at = null", "delta" },
        { "created > \"2000-01-01\" && created <= @now", "alpha,beta,delta,epsilon,gamma,o'neil" },
        { "owner.name = \"Ann\"", "alpha,gamma,o'neil" },
        { "owner.name != \"Ann\"", "beta,delta,epsilon" },
        { "owner.name ~ \"o\"", "beta,epsilon" },
        { "owner = null", "delta" },
        { "owner.id = owner", "alpha,beta,delta,epsilon,gamma,o'neil" },
        { "note = title", "" },
        { "n = 1 || n = 2 && flag = true", "alpha" },
        { "(n = 1 || n = 2) && flag = false", "beta" },
        { "!(n = 1) && flag = true", "gamma,o'neil" },
        { "!(n > 2)", "alpha,beta,delta" },
        { "!!(n > 2)", "epsilon,gamma,o'neil" },
        { "((((n = 1))))", "alpha" },
        { "(n = 1 || (n = 2 || (n = 3 || (n = 10))))", "alpha,beta,epsilon,gamma" },
        { "!(flag = true || n = 10)", "beta,delta" },
        { "n > 1 && n < 10 && flag = true", "gamma,o'neil" },
        { "title = \"alpha\" || title = \"beta\" || title = \"gamma\"", "alpha,beta,gamma" },
        { "@request.method = \"GET\" && n = 1", "alpha" },
        { "n = @request.query.missing", "" },
    };

    public static TheoryData<string, int> Invalid => new()
    {
        { "n >", 3 },
        { "n = 1 &&", 8 },
        { "(n = 1", 6 },
        { "n = 1)", 5 },
        { "n == 1", 3 },
        { "title = \"open", 8 },
        { "nope = 1", 0 },
        { "title = 1", 8 },
        { "n ~ \"x\"", 4 },
        { "\"a\" = \"b\"", 0 },
        { "n = @soon", 4 },
        { "title = \"x\" # 1", 12 },
        { "tags = \"a\"", 5 },
        { "flag > true", 7 },
        { "owner.name.x = 1", 0 },
        { "note = \"\\q\"", 8 },
        { "n = 1 n = 2", 6 },
        { "!", 1 },
        { "n = 01x", 4 },
        { "owner.email ~ \"example\"", 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task List_Filter_ReturnsExpectedRows(string filter, string expected)
    {
        var data = await DataSet.GetAsync(Server);
        Assert.Equal(expected, await Anonymous().MatchingAsync(data.Name, filter));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task List_InvalidFilter_Returns400WithPosition(string filter, int position)
    {
        var data = await DataSet.GetAsync(Server);
        var response = await Anonymous().GetAsync($"/api/v1/collections/{data.Name}/records?filter={Uri.EscapeDataString(filter)}");
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("filter", problem["parameter"]!.GetValue<string>());
        Assert.Equal(position, problem["position"]!.GetValue<int>());
        Assert.Contains($"position {position}", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_FilterLongerThanLimit_Returns400()
    {
        var data = await DataSet.GetAsync(Server);
        var filter = string.Join(" || ", Enumerable.Repeat("n = 1", 700));
        var response = await Anonymous().GetAsync($"/api/v1/collections/{data.Name}/records?filter={Uri.EscapeDataString(filter)}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_RequestAuthId_MatchesTheCallersRowsOnly()
    {
        var data = await DataSet.GetAsync(Server);
        Assert.Equal("alpha,gamma,o'neil", await data.Ann.MatchingAsync(data.Name, "owner = @request.auth.id"));
        Assert.Equal("beta,epsilon", await data.Bob.MatchingAsync(data.Name, "owner = @request.auth.id"));
        Assert.Equal("", await Anonymous().MatchingAsync(data.Name, "owner = @request.auth.id"));
    }

    [Fact]
    public async Task List_RestrictedUserFieldInPath_AllowedForAdminsOnly()
    {
        var data = await DataSet.GetAsync(Server);
        Assert.Equal("alpha,gamma,o'neil", await Admin.MatchingAsync(data.Name, $"owner.email = \"{data.AnnEmail}\""));
        var response = await data.Bob.GetAsync($"/api/v1/collections/{data.Name}/records?filter={Uri.EscapeDataString($"owner.email = \"{data.AnnEmail}\"")}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_FilterById_ReturnsThatRecord()
    {
        var data = await DataSet.GetAsync(Server);
        Assert.Equal("gamma", await Anonymous().MatchingAsync(data.Name, $"id = \"{data.Ids["gamma"]}\""));
    }

    [Theory]
    [InlineData("-n,title", "epsilon,o'neil,gamma,beta,alpha,delta")]
    [InlineData("n", "delta,alpha,beta,gamma,o'neil,epsilon")]
    [InlineData("owner.name,-title", "delta,o'neil,gamma,alpha,epsilon,beta")]
    [InlineData("-flag,title", "alpha,gamma,o'neil,beta,epsilon,delta")]
    public async Task List_Sort_OrdersRows(string sort, string expected)
    {
        var data = await DataSet.GetAsync(Server);
        var page = await Anonymous().ListAsync(data.Name, $"sort={Uri.EscapeDataString(sort)}");
        Assert.Equal(expected, string.Join(",", page["items"]!.AsArray().Select(i => i!["data"]!["title"]!.GetValue<string>())));
    }

    [Fact]
    public async Task List_RandomSort_ReturnsEveryRow()
    {
        var data = await DataSet.GetAsync(Server);
        var page = await Anonymous().ListAsync(data.Name, "sort=@random");
        Assert.Equal(6, page["items"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("sort", "nope")]
    [InlineData("sort", "tags")]
    [InlineData("sort", "title;drop table users")]
    [InlineData("fields", "title,nope")]
    [InlineData("expand", "title")]
    [InlineData("per_page", "501")]
    [InlineData("per_page", "0")]
    [InlineData("page", "0")]
    public async Task List_InvalidParameter_Returns400(string parameter, string value)
    {
        var data = await DataSet.GetAsync(Server);
        var response = await Anonymous().GetAsync($"/api/v1/collections/{data.Name}/records?{parameter}={Uri.EscapeDataString(value)}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_Paging_ReportsTotalsAndSkipsCountOnRequest()
    {
        var data = await DataSet.GetAsync(Server);
        var first = await Anonymous().ListAsync(data.Name, "per_page=4&sort=title");
        Assert.Equal(6, first["total"]!.GetValue<long>());
        Assert.Equal(2, first["total_pages"]!.GetValue<long>());
        Assert.Equal(4, first["items"]!.AsArray().Count);
        Assert.Equal(4, first["per_page"]!.GetValue<int>());

        var second = await Anonymous().ListAsync(data.Name, "per_page=4&page=2&sort=title");
        Assert.Equal(["gamma", "o'neil"], second["items"]!.AsArray().Select(i => i!["data"]!["title"]!.GetValue<string>()));
        Assert.Equal(6, second["total"]!.GetValue<long>());

        var beyond = await Anonymous().ListAsync(data.Name, "per_page=4&page=3");
        Assert.Empty(beyond["items"]!.AsArray());
        Assert.Equal(6, beyond["total"]!.GetValue<long>());

        var skipped = await Anonymous().ListAsync(data.Name, "per_page=4&skipTotal=1");
        Assert.Null(skipped["total"]);
        Assert.Null(skipped["total_pages"]);
        Assert.Equal(4, skipped["items"]!.AsArray().Count);

        var defaults = await Anonymous().ListAsync(data.Name);
        Assert.Equal(20, defaults["per_page"]!.GetValue<int>());
        Assert.Equal(1, defaults["page"]!.GetValue<int>());
    }

    [Fact]
    public async Task List_Fields_ProjectsTheResponse()
    {
        var data = await DataSet.GetAsync(Server);
        var page = await Anonymous().ListAsync(data.Name, "fields=title,created&filter=n%3D1");
        var item = page["items"]![0]!;
        Assert.Equal(["title"], item["data"]!.AsObject().Select(p => p.Key));
        Assert.NotNull(item["created"]);
        Assert.Null(item["updated"]);
        Assert.Equal(data.Ids["alpha"], item["id"]!.GetValue<string>());
    }
}

public sealed class FilterLanguageTestsSqlite(SqliteServer server) : FilterLanguageTests(server), IClassFixture<SqliteServer>;

public sealed class FilterLanguageTestsPostgres(PostgresServer server) : FilterLanguageTests(server), IClassFixture<PostgresServer>;
