using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Plugins;
using FastCms.Storage;

namespace FastCms.Records.Files;

/// <summary>The <see cref="IRecordFiles"/> plugins use: the upload and write paths of the API, acting as the system.</summary>
internal sealed class PluginFiles(RecordService records, SchemaCache schemas, FileUploader uploader, IFileStorage storage) : IRecordFiles
{
    public async Task<RecordFileInfo?> GetAsync(string collection, string recordId, string fileName, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(collection, recordId, fileName, cancellationToken) is not { } found
            || await storage.StatAsync(found.Key, cancellationToken) is not { } stored)
        {
            return null;
        }

        return new RecordFileInfo(found.Field.Name, fileName, stored.Length, ContentSniffer.TypeOfExtension(Path.GetExtension(fileName)), stored.LastModified);
    }

    public async Task<Stream?> OpenReadAsync(string collection, string recordId, string fileName, CancellationToken cancellationToken = default) =>
        await FindAsync(collection, recordId, fileName, cancellationToken) is { } found ? await storage.OpenReadAsync(found.Key, 0, null, cancellationToken) : null;

    public Task<string> AttachAsync(string collection, string recordId, string field, string fileName, Stream content, CancellationToken cancellationToken = default) =>
        Translate(async () =>
        {
            var target = (await schemas.GetAsync(cancellationToken)).Find(collection) ?? throw RecordProblemException.CollectionNotFound(collection);
            if (!target.TryGetField(field, out var index) || target.Fields[index].Type != FieldType.File)
            {
                throw new RecordProblemException(StatusCodes.Status400BadRequest, $"'{field}' is not a file field of '{collection}'.");
            }

            if (await records.GetAsync(RecordCaller.System, collection, recordId, cancellationToken) is null)
            {
                throw RecordProblemException.RecordNotFound(collection, recordId);
            }

            using var scope = new UploadScope(target.Id, recordId).Enter(isCreate: false);
            try
            {
                var upload = await uploader.StoreAsync(target, recordId, target.Fields[index], fileName, content, cancellationToken);
                scope.Files.Add(upload);
                await records.UpdateAsync(RecordCaller.System, collection, recordId, new JsonObject { [field + "+"] = upload.Name }, cancellationToken);
                return upload.Name;
            }
            catch
            {
                await uploader.DiscardAsync(scope.Files);
                throw;
            }
        });

    public Task<bool> DeleteAsync(string collection, string recordId, string fileName, CancellationToken cancellationToken = default) =>
        Translate(async () =>
        {
            if (await FindAsync(collection, recordId, fileName, cancellationToken) is not { } found)
            {
                return false;
            }

            await records.UpdateAsync(RecordCaller.System, collection, recordId, new JsonObject { [found.Field.Name + "-"] = fileName }, cancellationToken);
            return true;
        });

    private async Task<(FieldDefinition Field, string Key)?> FindAsync(string collection, string recordId, string fileName, CancellationToken cancellationToken)
    {
        if (!FileNames.IsStoredName(fileName) || await records.GetAsync(RecordCaller.System, collection, recordId, cancellationToken) is not { } record)
        {
            return null;
        }

        var field = record.Collection.Fields.FirstOrDefault(f => f.Type == FieldType.File && RecordFiles.Names(record[f.Name]).Contains(fileName));
        return field is null ? null : (field, FileNames.Key(record.Collection.Id, recordId, fileName));
    }

    private static async Task<T> Translate<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RecordProblemException e)
        {
            throw new RecordsException(e.Status, e.Message);
        }
        catch (RecordValidationException e)
        {
            throw new RecordsException(StatusCodes.Status400BadRequest, e.Message, e.Errors.ToDictionary());
        }
    }
}
