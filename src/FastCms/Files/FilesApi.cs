using FastCms.Collections;
using FastCms.Kernel;
using FastCms.Records;
using FastCms.Records.Files;
using FastCms.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FastCms.Files;

internal sealed record FileTokenResponse(string Token, DateTimeOffset Expires);

/// <summary>
/// Downloads of record files, <c>/api/v1/files/{collection}/{recordId}/{fileName}</c>, under the record's view rule, and
/// the file tokens protected files need. A file the caller may not see answers 404, like one that does not exist.
/// </summary>
internal static class FilesApi
{
    public static RouteGroupBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/files").WithTags("Files").AddEndpointFilter<RecordProblemFilter>();
        api.MapPost("/token", IssueToken)
            .WithDescription("A short-lived token for the signed-in caller, to pass as ?token= when downloading protected files.");
        api.MapMethods("/{collection}/{recordId}/{fileName}", [HttpMethods.Get, HttpMethods.Head], Download)
            .WithDescription("A record's file, or its thumbnail with ?thumb=WxH (a size the field lists). ?download=1 asks for an attachment; ?token= opens protected files.");
        return api;
    }

    private static Results<Ok<FileTokenResponse>, ProblemHttpResult> IssueToken(HttpContext http, FileTokens tokens)
    {
        var caller = RecordCaller.FromHttp(http);
        if (caller.UserId is null)
        {
            return Problems.Unauthorized("Sign in first: a file token is issued to the caller of this request (Authorization: Bearer …).");
        }

        var (token, expires) = tokens.Issue(caller);
        return TypedResults.Ok(new FileTokenResponse(token, expires));
    }

    private static async Task<IResult> Download(
        string collection, string recordId, string fileName, HttpContext http, RecordService records, SchemaCache schemas, IFileStorage storage,
        FileTokens tokens, Thumbnailer thumbnails, FileAccessCache cache, CancellationToken cancellationToken,
        string? thumb = null, string? download = null, string? token = null)
    {
        ThumbSize? size = null;
        if (thumb is not null && !ThumbSize.TryParse(thumb, out size))
        {
            return Problems.BadRequest($"thumb '{thumb}' is not a size: use WxH, WxHt, WxHb, WxHf, 0xH or Wx0 (sides up to {ThumbSize.MaxSide}).");
        }

        var caller = RecordCaller.FromHttp(http);
        if (token is not null)
        {
            caller = tokens.Read(token) ?? throw new RecordProblemException(StatusCodes.Status401Unauthorized,
                "The file token is invalid or has expired; ask POST /api/v1/files/token for a new one.");
        }

        var schema = await schemas.GetAsync(cancellationToken);
        if (!FileNames.IsStoredName(fileName) || schema.Find(collection) is not { } target)
        {
            return NotFound(collection, recordId, fileName);
        }

        var cacheable = FileAccessCache.Applies(target, caller, token);
        var key = cacheable ? FileAccessCache.Key(target.Name, recordId, fileName, size?.Text, caller) : null;
        if (key is not null && cache.Find(key, target.Id, schema.Version) is { } remembered)
        {
            return await ServeAsync(http, storage, remembered, download, target.Name);
        }

        var generation = cache.Generation(target.Id);
        if (await records.GetAsync(caller, collection, recordId, cancellationToken) is not { } record
            || FileDownloads.FieldHolding(record, fileName) is not { } field)
        {
            return NotFound(collection, recordId, fileName);
        }

        if (field.Protected && token is null)
        {
            return Problems.Status(StatusCodes.Status401Unauthorized,
                $"'{field.Name}' holds protected files: ask POST /api/v1/files/token for a file token and pass it as ?token=.");
        }

        var fileKey = FileNames.Key(target.Id, record.Id, fileName);
        var contentType = ContentSniffer.TypeOfExtension(Path.GetExtension(fileName));
        StoredObject? stored = null;
        if (size is not null && (size.Text == FileFieldRules.AdminThumb || (field.Thumbs ?? []).Contains(size.Text, StringComparer.Ordinal))
            && await thumbnails.GetAsync(target.Name, fileKey, fileName, contentType, size, cancellationToken) is { } thumbnail)
        {
            stored = thumbnail;
            contentType = ContentSniffer.TypeOfExtension(Path.GetExtension(thumbnail.Key));
        }

        if ((stored ?? await storage.StatAsync(fileKey, cancellationToken)) is not { } found)
        {
            return NotFound(collection, recordId, fileName);
        }

        var resolved = new ResolvedFile(found, contentType, Shared: !field.Protected && target.ViewRule.IsPublic, fileName);
        if (key is not null && !field.Protected)
        {
            cache.Remember(key, schema.Version, generation, resolved);
        }

        return await ServeAsync(http, storage, resolved, download, target.Name);
    }

    private static Task<IResult> ServeAsync(HttpContext http, IFileStorage storage, ResolvedFile file, string? download, string collection) =>
        FileDownloads.ServeAsync(http, storage, file, download is "1" or "true", collection);

    private static ProblemHttpResult NotFound(string collection, string recordId, string fileName) =>
        Problems.NotFound($"File '{fileName}' not found in record '{recordId}' of '{collection}'.");
}
