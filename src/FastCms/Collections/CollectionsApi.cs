using System.Text.Json;
using FastCms.Kernel;
using FastCms.Plugins;
using FastCms.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace FastCms.Collections;

/// <summary>Collection management (admins only): <c>/api/v1/collections</c>.</summary>
internal static class CollectionsApi
{
    public static RouteGroupBuilder MapCollectionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/collections").WithTags("Collections").RequireAdmin();
        api.MapGet("/", List);
        api.MapGet("/name/{name}", GetByName);
        api.MapGet("/{id}", Get);
        api.MapPost("/", Create);
        api.MapPatch("/{id}", Update);
        api.MapDelete("/{id}", Delete);
        return api;
    }

    private static async Task<Results<Ok<PageResult<CollectionResponse>>, ValidationProblem>> List(
        SchemaCache cache, CancellationToken cancellationToken, int page = 1, int perPage = 30)
    {
        if (page < 1 || perPage is < 1 or > Paging.MaxPerPage)
        {
            return Problems.Validation(page < 1 ? "page" : "per_page", page < 1 ? "Must be 1 or greater." : $"Must be between 1 and {Paging.MaxPerPage}.");
        }

        var schema = await cache.GetAsync(cancellationToken);
        var all = schema.Collections.Where(c => !c.IsUsers).Select(c => c.Definition).ToList();
        var items = all.Skip((page - 1) * perPage).Take(perPage).Select(c => CollectionResponse.From(c, schema)).ToList();
        return TypedResults.Ok(new PageResult<CollectionResponse>(items, all.Count, page, perPage, (all.Count + perPage - 1) / perPage));
    }

    private static async Task<Results<Ok<CollectionResponse>, ProblemHttpResult>> Get(string id, SchemaCache cache, CancellationToken cancellationToken)
    {
        var schema = await cache.GetAsync(cancellationToken);
        return schema.FindById(id) is { IsUsers: false } collection
            ? TypedResults.Ok(CollectionResponse.From(collection.Definition, schema))
            : Problems.NotFound($"Collection '{id}' not found.");
    }

    private static async Task<Results<Ok<CollectionResponse>, ProblemHttpResult>> GetByName(string name, SchemaCache cache, CancellationToken cancellationToken)
    {
        var schema = await cache.GetAsync(cancellationToken);
        return schema.Find(name) is { IsUsers: false } collection
            ? TypedResults.Ok(CollectionResponse.From(collection.Definition, schema))
            : Problems.NotFound($"Collection '{name}' not found.");
    }

    private static async Task<Results<Created<CollectionResponse>, ValidationProblem, ProblemHttpResult>> Create(
        JsonElement body, HttpContext http, CollectionService collections, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (Read(body, json.Value) is not { } request)
        {
            return Problems.BadRequest("The body must be a JSON object describing the collection.");
        }

        var outcome = await collections.CreateAsync(request, body, RecordCaller.FromHttp(http).Actor, cancellationToken);
        return outcome.Collection is { } created
            ? TypedResults.Created($"/api/v1/collections/{created.Id}", CollectionResponse.From(created, outcome.Schema!))
            : outcome.Errors is { } errors ? errors.ToResult() : Problem(outcome);
    }

    private static async Task<Results<Ok<CollectionResponse>, ValidationProblem, ProblemHttpResult>> Update(
        string id, JsonElement body, HttpContext http, CollectionService collections, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (Read(body, json.Value) is not { } request)
        {
            return Problems.BadRequest("The body must be a JSON object with the properties to change.");
        }

        var outcome = await collections.UpdateAsync(id, request, body, RecordCaller.FromHttp(http).Actor, cancellationToken);
        return outcome.Collection is { } updated ? TypedResults.Ok(CollectionResponse.From(updated, outcome.Schema!))
            : outcome.Errors is { } errors ? errors.ToResult() : Problem(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, HttpContext http, CollectionService collections, CancellationToken cancellationToken)
    {
        var outcome = await collections.DeleteAsync(id, RecordCaller.FromHttp(http).Actor, cancellationToken);
        return outcome.Collection is not null ? TypedResults.NoContent() : Problem(outcome);
    }

    private static CollectionRequest? Read(JsonElement body, JsonOptions options)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return body.Deserialize<CollectionRequest>(options.SerializerOptions);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"The collection definition is not valid: {e.Message}");
        }
    }

    private static ProblemHttpResult Problem(CollectionOutcome outcome) => outcome switch
    {
        { NotFound: true } => Problems.NotFound("Collection not found."),
        { Conflict: { } conflict } => Problems.Conflict(conflict),
        _ => Problems.BadRequest("The change was refused."),
    };
}
