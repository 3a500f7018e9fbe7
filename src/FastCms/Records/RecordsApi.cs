using System.Text.Json.Nodes;
using FastCms.Kernel;
using FastCms.Records.Files;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FastCms.Records;

internal sealed record RecordRequest(JsonObject? Data);

internal sealed record BatchRequest(IReadOnlyList<JsonObject?>? Records);

internal sealed record BatchResponse(int Created, int Failed, IReadOnlyList<RecordView> Records);

/// <summary>
/// Records of a collection: <c>/api/v1/collections/{collection}/records</c>. Open to everyone; the collection's
/// access rules decide. A record the caller may not see answers 404, exactly like one that does not exist.
/// </summary>
internal static class RecordsApi
{
    internal const string WithheldAnswer =
        "Answers with the written record, or with 204 No Content when the collection's view rule does not let the caller view it.";

    private const string WithheldBatchAnswer =
        "Answers with the created records; those the collection's view rule does not let the caller view appear as {\"id\": …} only.";

    public static RouteGroupBuilder MapRecordsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/collections/{collection}/records").WithTags("Records").AddEndpointFilter<RecordProblemFilter>();
        api.MapGet("/", List);
        api.MapGet("/{id}", Get);
        api.MapPost("/", Create).WithDescription(WithheldAnswer);
        api.MapPost("/batch", CreateBatch).WithDescription(WithheldBatchAnswer);
        api.MapPatch("/{id}", Update).WithDescription(WithheldAnswer);
        api.MapDelete("/{id}", Delete);
        api.MapRecordUploads();
        return api;
    }

    private static async Task<Ok<RecordPage>> List(
        string collection, HttpContext http, RecordService records, CancellationToken cancellationToken,
        int page = 1, [FromQuery(Name = "per_page")] int perPage = ListOptions.DefaultPerPage, string? filter = null, string? sort = null,
        string? fields = null, string? expand = null, string? skipTotal = null, [FromQuery(Name = "skip_total")] string? skipTotalSnake = null)
    {
        var options = new ListOptions(page, perPage, filter, sort, fields, expand, IsSet(skipTotal ?? skipTotalSnake));
        return TypedResults.Ok(await records.ListAsync(RecordCaller.FromHttp(http), collection, options, cancellationToken));
    }

    private static async Task<Results<Ok<RecordView>, ProblemHttpResult>> Get(
        string collection, string id, HttpContext http, RecordService records, CancellationToken cancellationToken, string? fields = null, string? expand = null) =>
        await records.GetAsync(RecordCaller.FromHttp(http), collection, id, fields, expand, cancellationToken) is { } record
            ? TypedResults.Ok(record)
            : Problems.NotFound($"Record '{id}' not found in '{collection}'.");

    private static async Task<Results<Created<RecordView>, NoContent, ValidationProblem>> Create(
        string collection, RecordRequest body, HttpContext http, RecordService records, CancellationToken cancellationToken)
    {
        if (body.Data is not { } data)
        {
            return Problems.Validation("data", "Send the record's fields as an object in \"data\".");
        }

        var record = await records.CreateAsync(RecordCaller.FromHttp(http), collection, data, cancellationToken);
        return record.Withheld ? TypedResults.NoContent() : TypedResults.Created($"/api/v1/collections/{collection}/records/{record.Id}", record);
    }

    private static async Task<Results<Created<BatchResponse>, ValidationProblem>> CreateBatch(
        string collection, BatchRequest body, HttpContext http, RecordService records, CancellationToken cancellationToken)
    {
        if (body.Records is not { } items || items.Any(i => i is null))
        {
            return Problems.Validation("records", "Send the records as an array of objects in \"records\".");
        }

        var created = await records.CreateManyAsync(RecordCaller.FromHttp(http), collection, items!, cancellationToken);
        return TypedResults.Created($"/api/v1/collections/{collection}/records", new BatchResponse(created.Count, 0, created));
    }

    private static async Task<Results<Ok<RecordView>, NoContent, ValidationProblem, ProblemHttpResult>> Update(
        string collection, string id, RecordRequest body, HttpContext http, RecordService records, CancellationToken cancellationToken)
    {
        if (body.Data is not { } data)
        {
            return Problems.Validation("data", "Send the fields to change as an object in \"data\".");
        }

        return await records.UpdateAsync(RecordCaller.FromHttp(http), collection, id, data, cancellationToken) switch
        {
            null => Problems.NotFound($"Record '{id}' not found in '{collection}'."),
            { Withheld: true } => TypedResults.NoContent(),
            var record => TypedResults.Ok(record),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string collection, string id, HttpContext http, RecordService records, CancellationToken cancellationToken) =>
        await records.DeleteAsync(RecordCaller.FromHttp(http), collection, id, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Record '{id}' not found in '{collection}'.");

    private static bool IsSet(string? flag) => flag is not null && flag is not ("0" or "false" or "False");
}
