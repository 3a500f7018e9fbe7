using FastCms.Collections;
using FastCms.Data;
using FastCms.Kernel;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FastCms.Records.Files;

/// <summary>
/// The <c>multipart/form-data</c> forms of record create and update, on the same routes as the JSON forms: routing
/// picks the handler by the request's content type. Files are stored before the write runs; if the write fails or a
/// hook rejects it, they are removed again.
/// </summary>
internal static class RecordUploadsApi
{
    private const string Multipart = "multipart/form-data";

    // Routing tells the two forms apart by Content-Type; a request without one matches both, and the JSON form (order
    // 0) answers it as before.
    private const int AfterJsonForm = 1;

    public static RouteGroupBuilder MapRecordUploads(this RouteGroupBuilder api)
    {
        api.MapPost("/", Create).Accepts<RecordUploadForm>(Multipart).DisableAntiforgery().WithOrder(AfterJsonForm)
            .WithDescription(RecordsApi.WithheldAnswer + " Also takes multipart/form-data: a \"data\" part with the JSON fields and one part per file, named after its file field.");
        api.MapPatch("/{id}", Update).Accepts<RecordUploadForm>(Multipart).DisableAntiforgery().WithOrder(AfterJsonForm)
            .WithDescription(RecordsApi.WithheldAnswer + " Also takes multipart/form-data: file parts named \"field\" replace the field's files, \"field+\" append; \"field-\": [names] in \"data\" removes.");
        return api;
    }

    private static async Task<Results<Created<RecordView>, NoContent>> Create(
        string collection, HttpContext http, RecordService records, SchemaCache schemas, MultipartRecordReader reader, FileUploader uploader,
        CancellationToken cancellationToken)
    {
        var caller = RecordCaller.FromHttp(http);
        var target = await ResolveAsync(schemas, collection, cancellationToken);
        if (!caller.BypassesRules && target.CreateRule.IsAdminsOnly)
        {
            throw new RecordProblemException(StatusCodes.Status403Forbidden, $"Only admins may create records in '{target.Name}'.");
        }

        using var scope = new UploadScope(target.Id, RandomId.New()).Enter(isCreate: true);
        try
        {
            var data = await reader.ReadAsync(http.Request, target, scope, isCreate: true, cancellationToken);
            var record = await records.CreateAsync(caller, collection, data, cancellationToken);
            return record.Withheld ? TypedResults.NoContent() : TypedResults.Created($"/api/v1/collections/{collection}/records/{record.Id}", record);
        }
        catch
        {
            await uploader.DiscardAsync(scope.Files);
            throw;
        }
    }

    private static async Task<Results<Ok<RecordView>, NoContent, ProblemHttpResult>> Update(
        string collection, string id, HttpContext http, RecordService records, SchemaCache schemas, MultipartRecordReader reader, FileUploader uploader,
        CancellationToken cancellationToken)
    {
        var caller = RecordCaller.FromHttp(http);
        var target = await ResolveAsync(schemas, collection, cancellationToken);
        if ((!caller.BypassesRules && target.UpdateRule.IsAdminsOnly) || await records.GetAsync(RecordCaller.System, collection, id, cancellationToken) is null)
        {
            return Problems.NotFound($"Record '{id}' not found in '{collection}'.");
        }

        using var scope = new UploadScope(target.Id, id).Enter(isCreate: false);
        try
        {
            var data = await reader.ReadAsync(http.Request, target, scope, isCreate: false, cancellationToken);
            switch (await records.UpdateAsync(caller, collection, id, data, cancellationToken))
            {
                case null:
                    await uploader.DiscardAsync(scope.Files);
                    return Problems.NotFound($"Record '{id}' not found in '{collection}'.");
                case { Withheld: true }:
                    return TypedResults.NoContent();
                case var record:
                    return TypedResults.Ok(record);
            }
        }
        catch
        {
            await uploader.DiscardAsync(scope.Files);
            throw;
        }
    }

    private static async Task<CompiledCollection> ResolveAsync(SchemaCache schemas, string name, CancellationToken cancellationToken) =>
        (await schemas.GetAsync(cancellationToken)).Find(name) switch
        {
            null => throw RecordProblemException.CollectionNotFound(name),
            { IsUsers: true } => throw new RecordProblemException(StatusCodes.Status400BadRequest, "Users are managed through /api/v1/admin/users and /api/v1/auth, not the records API."),
            var found => found,
        };
}

/// <summary>The shape of a multipart record write, for the API description.</summary>
internal sealed record RecordUploadForm(string? Data, IFormFileCollection? Files);
