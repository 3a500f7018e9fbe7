using System.Globalization;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>
/// The fixed data set the filter tests run against, created once per server:
/// <code>
/// title    n     flag   tags    day         note          owner  at
/// alpha    1     true   [a]     2024-01-10  x             Ann    now - 3 days
/// beta     2     false  [a,b]   2024-02-10  null          Bob    now + 3 days
/// gamma    3     true   []      2024-03-10  He said "hi"  Ann    now
/// delta    null  null   [c]     null        100% sure     null   null
/// epsilon  10    false  [b,c]   2024-05-10  under_score   Bob    now - 3 days
/// o'neil   5     true   [b]     2024-06-10  back\slash    Ann    now + 3 days
/// </code>
/// </summary>
internal sealed record DataSet(string Name, Dictionary<string, string> Ids, HttpClient Ann, string AnnEmail, HttpClient Bob)
{
    private static readonly Dictionary<ServerFixture, Task<DataSet>> Seeded = [];
    private static readonly Lock Gate = new();

    public static Task<DataSet> GetAsync(ServerFixture server)
    {
        lock (Gate)
        {
            if (!Seeded.TryGetValue(server, out var task))
            {
                Seeded[server] = task = SeedAsync(server);
            }

            return task;
        }
    }

    private static async Task<DataSet> SeedAsync(ServerFixture server)
    {
        var name = RecordClient.NewName("items");
        await server.Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[]
            {
                new { name = "title", type = "text", validation = new { required = true } },
                new { name = "n", type = "number" },
                new { name = "flag", type = "bool" },
                new { name = "tags", type = "select", options = new { values = new[] { "a", "b", "c" }, max_select = 3 } },
                new { name = "day", type = "date" },
                new { name = "note", type = "text" },
                new { name = "owner", type = "relation", options = new { collection = "users" } },
                new { name = "at", type = "datetime" },
            },
            list_rule = "",
            view_rule = "",
        });

        var ann = await server.NamedUserAsync("Ann");
        var bob = await server.NamedUserAsync("Bob");
        var now = DateTimeOffset.UtcNow;
        string At(double days) => now.AddDays(days).ToString("O", CultureInfo.InvariantCulture);
        var rows = new (string Title, object? N, bool? Flag, string[] Tags, string? Day, string? Note, string? Owner, string? At)[]
        {
            ("alpha", 1, true, ["a"], "2024-01-10", "x", ann.Id, At(-3)),
            ("beta", 2, false, ["a", "b"], "2024-02-10", null, bob.Id, At(3)),
            ("gamma", 3, true, [], "2024-03-10", "He said \"hi\"", ann.Id, At(0)),
            ("delta", null, null, ["c"], null, "100% sure", null, null),
            ("epsilon", 10, false, ["b", "c"], "2024-05-10", "under_score", bob.Id, At(-3)),
            ("o'neil", 5, true, ["b"], "2024-06-10", "back\\slash", ann.Id, At(3)),
        };

        var ids = new Dictionary<string, string>();
        foreach (var row in rows)
        {
            var created = await server.Admin.CreateRecordAsync(name, new
            {
                title = row.Title,
                n = row.N,
                flag = row.Flag,
                tags = row.Tags,
                day = row.Day,
                note = row.Note,
                owner = row.Owner,
                at = row.At,
            });
            ids[row.Title] = created.Id();
        }

        return new DataSet(name, ids, ann.Client, ann.Email, bob.Client);
    }
}
