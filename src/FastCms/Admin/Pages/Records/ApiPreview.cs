using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FastCms.Collections;
using Microsoft.AspNetCore.Http.Extensions;

namespace FastCms.Admin.Pages.Records;

/// <summary>
/// The records page's API panel: curl commands for the list as shown (same filter, order and page), one record and a
/// create with a sample body, against the server's address as this request reached it; and the five rules in words.
/// </summary>
internal sealed class ApiPreview
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private ApiPreview(string list, string view, string create, IReadOnlyList<string> rules, bool needsToken)
    {
        ListCommand = list;
        ViewCommand = view;
        CreateCommand = create;
        Rules = rules;
        NeedsToken = needsToken;
    }

    public string ListCommand { get; }

    public string ViewCommand { get; }

    public string CreateCommand { get; }

    public IReadOnlyList<string> Rules { get; }

    /// <summary>Some command sends <c>$FASTCMS_TOKEN</c>: a rule is not public.</summary>
    public bool NeedsToken { get; }

    /// <param name="filter">The filter the list ran with (plain words already turned into their filter).</param>
    public static ApiPreview For(HttpRequest request, CompiledCollection collection, string? filter, string? sort, int page, int perPage, string? sampleId)
    {
        var records = $"{request.Scheme}://{request.Host}{request.PathBase}/api/v1/collections/{Uri.EscapeDataString(collection.Name)}/records";
        var query = new QueryBuilder();
        if (!string.IsNullOrWhiteSpace(filter))
        {
            query.Add("filter", filter);
        }

        if (!string.IsNullOrWhiteSpace(sort))
        {
            query.Add("sort", sort);
        }

        query.Add("page", page.ToString(CultureInfo.InvariantCulture));
        query.Add("per_page", perPage.ToString(CultureInfo.InvariantCulture));

        var body = new JsonObject { ["data"] = SampleData(collection) }.ToJsonString(_json);
        return new ApiPreview(
            Curl(records + query, collection.ListRule),
            Curl($"{records}/{sampleId ?? "RECORD_ID"}", collection.ViewRule),
            $"{Curl(records, collection.CreateRule)} \\\n  -X POST -H 'Content-Type: application/json' \\\n  -d {Shell(body)}",
            [
                RuleWords.Describe("list", collection.ListRule),
                RuleWords.Describe("view", collection.ViewRule),
                RuleWords.Describe("create", collection.CreateRule),
                RuleWords.Describe("update", collection.UpdateRule),
                RuleWords.Describe("delete", collection.DeleteRule),
            ],
            new[] { collection.ListRule, collection.ViewRule, collection.CreateRule }.Any(r => !r.IsPublic));
    }

    // A public rule needs no token; any other rule does (an admin's token passes every rule).
    private static string Curl(string url, AccessRule rule) =>
        rule.IsPublic ? $"curl {Shell(url)}" : $"curl {Shell(url)} \\\n  -H \"Authorization: Bearer $FASTCMS_TOKEN\"";

    /// <summary>Single quotes keep the shell from reading <c>$</c>, <c>&amp;</c> or <c>!</c>; a quote inside is closed, escaped and reopened.</summary>
    private static string Shell(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>A value of the right type for every field a create can set (files need a multipart upload instead).</summary>
    private static JsonObject SampleData(CompiledCollection collection)
    {
        var data = new JsonObject();
        foreach (var field in collection.Fields.Where(f => f.Type is not (FieldType.File or FieldType.Autodate) && !f.Restricted))
        {
            JsonNode? value = field.Type switch
            {
                FieldType.Number => field.Min ?? 0,
                FieldType.Bool => true,
                FieldType.Email => "someone@example.com",
                FieldType.Url => "https://example.com/",
                FieldType.Date => "2025-01-31",
                FieldType.DateTime => "2025-01-31T12:00:00.000Z",
                FieldType.Editor => "Some text",
                FieldType.Json => new JsonObject { ["key"] = "value" },
                FieldType.Select => field.Values is [var first, ..] ? first : "value",
                FieldType.Relation => "RELATED_RECORD_ID",
                _ => field.Name.Replace('_', ' '),
            };
            data[field.Name] = field.IsMultiple ? new JsonArray(value) : value;
        }

        return data;
    }
}
